/** What the applier needs to decide whether an object it applied is usable yet. */

export type ReadinessState = 'ready' | 'in-progress' | 'failed';

export interface Readiness {
  readonly state: ReadinessState;
  /** Which condition we wait on or what failed, e.g. `Available=False: MinimumReplicasUnavailable (1 of 2 available)`. */
  readonly message: string;
}

/** What the caller knows that the object does not say; readiness reads no clock and does no I/O. */
export interface ReadinessContext {
  /**
   * When this object was applied (ISO 8601). CNPG publishes no observedGeneration, so a Cluster's
   * status must be proven newer than the apply: a `metadata.managedFields` entry with
   * `subresource: status` whose `time` is at or after this instant, or a status condition whose
   * `lastTransitionTime` is. Kubernetes writes those times in whole seconds, so pass the API
   * server's time of the apply (our own managedFields entry) rather than the local clock, and
   * leave it out when the apply changed nothing (the existing status still describes the object).
   * @default - the status is not checked for age
   */
  readonly appliedAt?: string;
  /**
   * The PVC's StorageClass binds on first consumer (`volumeBindingMode: WaitForFirstConsumer`):
   * it stays Pending until a pod uses it, so Pending counts as ready.
   * @default false
   */
  readonly pvcWaitForFirstConsumer?: boolean;
}

/** One `metadata.managedFields` entry, as the API server returns it. */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly [field: string]: unknown;
}

/** The live object as JSON (a GET or apply response); every field is read defensively. */
export interface ReadinessObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly generation?: number;
    readonly deletionTimestamp?: string;
    readonly managedFields?: readonly ManagedFieldsEntry[];
    readonly [field: string]: unknown;
  };
  readonly spec?: unknown;
  readonly status?: unknown;
}
