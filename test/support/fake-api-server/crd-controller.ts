/**
 * What the apiextensions server does with CustomResourceDefinitions: accept the names,
 * mark the CRD Established after `crdEstablishMs` and only then serve its kinds (discovery
 * included), follow spec changes, and on deletion stop serving and drop the custom resources.
 */
import { metadataOf, nameOf, namespaceOf, newUid, storeKey, timestamp, type ClusterState, type WriteEvent } from './cluster-state.js';
import { deepEqual, type JsonObject } from './json.js';
import { CRD_GROUP, type ResourceType } from './resource-types.js';
import { crdStatus, type StatusKnobs } from './status-knobs.js';
import { typesOfDefinition } from './crd-catalog.js';

function isDefinition(type: ResourceType): boolean {
  return type.group === CRD_GROUP && type.kind === 'CustomResourceDefinition';
}

export class CrdController {
  constructor(
    private readonly state: ClusterState,
    private readonly knobs: StatusKnobs,
  ) {}

  /** Stores a CRD as already installed and established (no managedFields, as if it came with the cluster). */
  preinstall(definition: JsonObject): void {
    const type = this.state.registry.byKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    const now = timestamp(this.state.now());
    const object: JsonObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      ...definition,
      metadata: { ...metadataOf(definition), uid: newUid(), creationTimestamp: now, generation: 1, resourceVersion: this.state.store.nextResourceVersion() },
    };
    object.status = crdStatus(object, now, true);
    this.state.store.put(type.group, type.resource, object);
    this.state.registry.register(object);
  }

  onWrite(event: WriteEvent): void {
    if (!isDefinition(event.type)) return;
    const name = nameOf(event.object);
    if (event.kind === 'deleted') return this.remove(event.object);
    if (event.kind === 'created') {
      if (this.state.settings.crdEstablishMs <= 0) {
        this.establish(name);
        return;
      }
      this.knobs.setStatus({ kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', name }, (object, now) => crdStatus(object, now, false));
      this.state.scheduler.schedule(this.state.settings.crdEstablishMs, `establish CRD ${name}`, () => this.establish(name));
      return;
    }
    if (this.state.registry.isRegistered(name) && event.previous && !deepEqual(event.previous.spec, event.object.spec)) this.state.registry.register(event.object);
  }

  private establish(name: string): void {
    const type = this.state.registry.byKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    if (!this.state.store.has(storeKey(type, '', name))) return;
    const established = this.knobs.crdEstablished(name);
    this.state.registry.register(established);
  }

  private remove(definition: JsonObject): void {
    const types = typesOfDefinition(definition);
    this.state.registry.unregister(nameOf(definition));
    for (const entry of this.state.store.entries()) {
      const type = types.find((candidate) => candidate.group === entry.group && candidate.resource === entry.resource);
      if (!type) continue;
      this.state.store.remove(storeKey(type, namespaceOf(entry.object), nameOf(entry.object)));
      this.state.notify({ kind: 'deleted', type, object: entry.object, previous: entry.object });
    }
  }
}
