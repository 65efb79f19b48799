/**
 * The start of what the job controller does with a new Job: it creates the pod
 * and records the Job as running (`startTime`, `active: 1`), as
 * kube-controller-manager, within moments. How the Job ends is the test's
 * choice (`status.ready/failed` or an auto-advance rule); a suspended Job stays
 * without a start, as on a cluster.
 */
import { nameOf, namespaceOf, storeKey, timestamp, type ClusterState, type WriteEvent } from './cluster-state.js';
import { getPath, isObject } from './json.js';
import { writeStatus } from './writes.js';

export class JobController {
  constructor(private readonly state: ClusterState) {}

  onWrite(event: WriteEvent): void {
    if (event.kind !== 'created' || event.type.group !== 'batch' || event.type.kind !== 'Job') return;
    if (getPath(event.object, 'spec', 'suspend') === true) return;
    const { type } = event;
    const namespace = namespaceOf(event.object);
    const name = nameOf(event.object);
    this.state.scheduler.schedule(0, `job started: ${namespace}/${name}`, () => {
      const current = this.state.store.get(storeKey(type, namespace, name));
      // Finished already (a test's knob was quicker), or deleted: nothing to start.
      if (!current || (isObject(current.status) && (current.status.conditions !== undefined || current.status.startTime !== undefined))) return;
      const parallelism = getPath(current, 'spec', 'parallelism');
      writeStatus(this.state, type, namespace, name, {
        startTime: timestamp(this.state.now()),
        active: typeof parallelism === 'number' ? parallelism : 1,
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {},
      }, 'kube-controller-manager');
    });
  }
}
