/**
 * Live objects a GitOps controller manages. Argo CD (automated sync with
 * selfHeal) and Flux (drift correction) bring the cluster back to what Git
 * holds, so a rollback made next to them is rolled forward again at their
 * next sync, and an instance deleted next to them comes back. Found from the
 * markers each leaves on what it applies:
 * - Argo CD: annotation `argocd.argoproj.io/tracking-id`
 *   (`<application>:<group>/<kind>:<namespace>/<name>`; annotation tracking is the
 *   default since 3.0), or its field manager `argocd-controller` in managedFields, with
 *   label tracking naming the Application in `app.kubernetes.io/instance`. That label
 *   alone proves nothing: our own charts set it (chartLabels).
 * - Flux: labels `kustomize.toolkit.fluxcd.io/name|namespace` (kustomize-controller's
 *   owner labels), or its field manager `kustomize-controller`.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { SafetyError } from './errors.js';

export const ARGOCD_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const FLUX_NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
export const FLUX_NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';

/** Field managers: Argo CD's for every sync (older releases applied client-side as the controller binary), Flux's kustomize-controller. */
const ARGOCD_MANAGERS: ReadonlySet<string> = new Set(['argocd-controller', 'argocd-application-controller']);
const FLUX_MANAGERS: ReadonlySet<string> = new Set(['kustomize-controller']);

export type GitOpsController = 'argocd' | 'flux';

/** The Argo CD Application or Flux Kustomization that manages an object. */
export interface GitOpsOwner {
  readonly controller: GitOpsController;
  /** Its name; absent when only the field manager shows it. */
  readonly name?: string;
  /** Its namespace; absent for an Application in Argo CD's own namespace. */
  readonly namespace?: string;
}

type LiveMetadata = ManifestObject['metadata'] & { readonly managedFields?: readonly { readonly manager?: string }[] };

/** Who manages a live object, if a GitOps controller does. */
export function gitOpsOwner(object: Pick<ManifestObject, 'metadata'>): GitOpsOwner | undefined {
  const metadata = object.metadata as LiveMetadata;
  const labels = metadata.labels ?? {};
  const managers = new Set((metadata.managedFields ?? []).map((entry) => entry.manager ?? ''));
  const trackingId = metadata.annotations?.[ARGOCD_TRACKING_ANNOTATION];
  if (trackingId) return argoApplication(trackingId.split(':')[0]);
  if ([...managers].some((manager) => ARGOCD_MANAGERS.has(manager))) return argoApplication(labels[ARGOCD_INSTANCE_LABEL]);
  if (labels[FLUX_NAME_LABEL]) return { controller: 'flux', name: labels[FLUX_NAME_LABEL], namespace: labels[FLUX_NAMESPACE_LABEL] };
  if ([...managers].some((manager) => FLUX_MANAGERS.has(manager))) return { controller: 'flux' };
  return undefined;
}

/** Argo CD names an Application outside its own namespace `<namespace>_<name>` (AppInstanceName). */
function argoApplication(instance: string | undefined): GitOpsOwner {
  if (!instance) return { controller: 'argocd' };
  const separator = instance.indexOf('_');
  return separator < 0 ? { controller: 'argocd', name: instance } : { controller: 'argocd', namespace: instance.slice(0, separator), name: instance.slice(separator + 1) };
}

/** Every distinct owner of these objects, in a stable order. */
export function gitOpsOwners(objects: Iterable<Pick<ManifestObject, 'metadata'>>): GitOpsOwner[] {
  const owners = new Map<string, GitOpsOwner>();
  for (const object of objects) {
    const owner = gitOpsOwner(object);
    if (owner) owners.set(describeOwner(owner), owner);
  }
  return [...owners.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, owner]) => owner);
}

/** `Argo CD Application argocd/cluster-eu`, `Flux Kustomization flux-system/cluster-eu`. */
export function describeOwner(owner: GitOpsOwner): string {
  const kind = owner.controller === 'argocd' ? 'Argo CD Application' : 'Flux Kustomization';
  if (!owner.name) return `${kind} (unnamed: only its field manager is on the objects)`;
  return `${kind} ${owner.namespace ? `${owner.namespace}/` : ''}${owner.name}`;
}

/** The command that stops the owner from syncing until it is turned back on. */
export function pauseCommand(owner: GitOpsOwner): string {
  const name = owner.name ?? 'NAME';
  if (owner.controller === 'flux') return `flux suspend kustomization ${name}${owner.namespace ? ` -n ${owner.namespace}` : ''}`;
  return `argocd app set ${owner.namespace ? `${owner.namespace}/` : ''}${name} --sync-policy none`;
}

/** A rollback of objects a GitOps controller would roll forward again. */
export class GitOpsManagedError extends SafetyError {
  constructor(readonly instance: string, readonly owners: readonly GitOpsOwner[]) {
    super([
      `refusing to roll back ${instance}: its live objects are synced from Git by ${owners.map(describeOwner).join(' and ')}, which would roll them forward again at its next sync.`,
      `Revert the commit in Git instead, or stop the sync first (${owners.map(pauseCommand).join('; ')}); pass --force-gitops to roll back anyway.`,
    ].join(' '));
  }
}

/** A delete of objects a GitOps controller would recreate: `delete`, `tenant deprovision`. */
export class GitOpsDeleteError extends SafetyError {
  constructor(readonly instance: string, readonly owners: readonly GitOpsOwner[]) {
    super([
      `refusing to delete ${instance}: its live objects are synced from Git by ${owners.map(describeOwner).join(' and ')}, which would recreate them at its next sync (after --purge, with a new empty database).`,
      'To remove it, take it out of the platform file, run `saas-charts synth` and commit dist/, and GitOps prunes it (its namespace, volumes and database stay: they carry keep annotations);',
      `or stop the sync first (${owners.map(pauseCommand).join('; ')}); pass --force-gitops to delete anyway.`,
    ].join(' '));
  }
}

/**
 * For an apply's or a delete's `inspectLive`: records the owners of the live objects and,
 * when `refuse` is set and there are any, refuses (with `refusal`) before anything is written.
 */
export function gitOpsCheck(
  instance: string,
  refuse: boolean,
  refusal: new (instance: string, owners: readonly GitOpsOwner[]) => SafetyError = GitOpsManagedError,
): { readonly owners: GitOpsOwner[]; inspect(live: readonly ManifestObject[]): void } {
  const owners: GitOpsOwner[] = [];
  return {
    owners,
    inspect(live) {
      owners.push(...gitOpsOwners(live));
      if (refuse && owners.length > 0) throw new refusal(instance, owners);
    },
  };
}
