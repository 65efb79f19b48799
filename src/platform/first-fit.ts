/**
 * Deterministic placement with capacities, shared by free-tier shards and
 * clusters. Pinned items take their seats first; the others go, in list order,
 * to the first bin (in the bins' order) with a free seat. Appending an unpinned
 * item never moves another: it only takes a seat nobody held. Earlier
 * insertions or removals can move later unpinned items, which is why an item
 * can be pinned.
 */

export interface FirstFitResult {
  /** Bin index of each item, undefined when no bin had a seat (or the pin names no bin). */
  readonly assigned: ReadonlyArray<number | undefined>;
  /** Items per bin, pinned ones included (a pinned bin can exceed its capacity; validation reports it). */
  readonly load: readonly number[];
}

/**
 * @param pins the bin index each item is pinned to, or undefined to place it by the rule
 * @param capacities seats per bin; `Infinity` for no limit
 */
export function firstFit(pins: ReadonlyArray<number | undefined>, capacities: readonly number[]): FirstFitResult {
  const load = capacities.map(() => 0);
  const assigned: Array<number | undefined> = pins.map((pin) => {
    if (pin === undefined || pin < 0 || pin >= capacities.length) return undefined;
    load[pin] += 1;
    return pin;
  });
  let bin = 0;
  pins.forEach((pin, index) => {
    if (pin !== undefined) return;
    // Bins only fill up while we walk the list, so the first bin with room never moves back.
    while (bin < capacities.length && load[bin] >= capacities[bin]) bin += 1;
    if (bin === capacities.length) return;
    assigned[index] = bin;
    load[bin] += 1;
  });
  return { assigned, load };
}
