/**
 * `startFakeApiServer()`: an in-process Kubernetes API server on 127.0.0.1 for applier
 * tests. It speaks the real wire protocol (discovery, REST verbs, server-side apply with
 * managedFields and conflicts, Status bodies, dry-run, selectors, pagination, deletion)
 * and hands tests knobs: controllers' status writes, auto-advance rules, faults, a request
 * log and direct store access.
 */
import { AutoAdvance, type AutoAdvanceRule, type RuleHandle } from './auto-advance.js';
import { metadataOf, nameOf, namespaceOf, newUid, storeKey, timestamp, withTypeMeta, type ClusterState, type WriteEvent } from './cluster-state.js';
import { CnpgAppSecrets } from './cnpg-app-secret.js';
import { CrdController } from './crd-controller.js';
import { vendoredDefinitions } from './crd-catalog.js';
import { Deletions } from './deletion.js';
import { Faults } from './faults.js';
import { handleApiRequest } from './api-handler.js';
import { startHttpServer } from './http-server.js';
import { clone, stringAt, type JsonObject } from './json.js';
import { kubeconfigYaml, type KubeconfigOptions } from './kubeconfig.js';
import { ResourceRegistry } from './registry.js';
import { RequestLog } from './request-log.js';
import { route } from './router.js';
import { Scheduler } from './scheduler.js';
import { ObjectStore } from './store.js';
import { StatusKnobs, type ObjectRef } from './status-knobs.js';
import { initialStatus } from './defaults.js';
import { JobController } from './job-controller.js';

export interface FakeApiServerOptions {
  /** CRDs installed at start: every one in imports/crds (`'all'`), none, or these CRD names or API groups. @default 'all' */
  readonly crds?: 'all' | 'none' | readonly string[];
  /** Namespaces that exist at start besides default, kube-system, kube-public and kube-node-lease. @default [] */
  readonly namespaces?: readonly string[];
  /** Objects stored at start (as `store.put`). @default [] */
  readonly objects?: readonly JsonObject[];
  /** How long a deleted Namespace stays Terminating before its content and itself go. @default 20 */
  readonly namespaceTerminationMs?: number;
  /** How long the garbage collector takes to act on dependents and on deletion finalizers. @default 0 */
  readonly garbageCollectionMs?: number;
  /** How long an applied CRD takes to become Established and served. @default 0 (at once) */
  readonly crdEstablishMs?: number;
  /** Status rules active from the start (see `autoAdvance`). @default [] */
  readonly autoAdvance?: readonly AutoAdvanceRule[];
  /** Upper bound on how long a `timeout` fault holds a request. @default 10000 */
  readonly maxTimeoutMs?: number;
  /** The clock for timestamps (creationTimestamp, managedFields time, conditions). @default () => new Date() */
  readonly now?: () => Date;
  /** @default 0 (any free port) */
  readonly port?: number;
  /**
   * Controllers that act on their own: `jobs` marks a new Job running (startTime, active),
   * `cnpgAppSecrets` generates a new CNPG Cluster's `<name>-app` Secret as the operator does.
   * @default - none
   */
  readonly controllers?: { readonly jobs?: boolean; readonly cnpgAppSecrets?: boolean };
}

/** Direct access to stored objects, for arranging state and asserting on it without HTTP. */
export interface StoreAccess {
  get(ref: ObjectRef): JsonObject | undefined;
  /** Objects of a kind, in one namespace or all, sorted by namespace and name. */
  list(kind: string, options?: { readonly apiVersion?: string; readonly namespace?: string }): JsonObject[];
  /**
   * Stores an object as is (create or replace, no admission, validation or defaults), filling
   * in uid, creationTimestamp, generation and a new resourceVersion; keeps given managedFields.
   */
  put(object: JsonObject): JsonObject;
  /** Removes an object at once (no finalizers, no garbage collection). */
  delete(ref: ObjectRef): boolean;
}

export interface FakeApiServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted so far. */
  connectionsAccepted(): number;
  /** A kubeconfig (YAML) with one cluster, user and context named `fake`. */
  kubeconfig(options?: KubeconfigOptions): string;
  /** Closes every connection, drops held requests and pending work; resolves when the port is closed. */
  stop(): Promise<void>;
  /** Every request received: method, path, query, content type, headers that matter, parsed body, outcome. */
  readonly requests: RequestLog;
  /** Latency, 429/500/503, connection resets and timeouts, for the next N requests or matching ones. */
  readonly faults: Faults;
  /** Controllers' status writes: `status.ready(ref)`, `status.failed(ref)`, `status.deploymentAvailable(ref)`, ... */
  readonly status: StatusKnobs;
  readonly store: StoreAccess;
  /** Makes objects of a kind ready (or failed) `afterMs` after each create or spec change. */
  autoAdvance(rule: AutoAdvanceRule): RuleHandle;
  /** Runs every pending piece of controller work now (namespace termination, garbage collection, CRD establishment, auto-advance). */
  flush(): void;
  /** What controller work is still pending (labels), e.g. to assert a namespace is still Terminating. */
  pendingWork(): string[];
  /** Continue tokens issued so far answer 410 Expired from now on (etcd compaction). */
  expireContinueTokens(): void;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const listeners: ((event: WriteEvent) => void)[] = [];
  const now = options.now ?? (() => new Date());
  let serviceIps = 10;
  const state: ClusterState = {
    store: new ObjectStore(),
    registry: new ResourceRegistry(),
    scheduler: new Scheduler(),
    settings: {
      namespaceTerminationMs: options.namespaceTerminationMs ?? 20,
      garbageCollectionMs: options.garbageCollectionMs ?? 0,
      crdEstablishMs: options.crdEstablishMs ?? 0,
    },
    now,
    allocateClusterIP: () => {
      serviceIps += 1;
      return `10.96.${Math.floor(serviceIps / 250)}.${serviceIps % 250}`;
    },
    continueTokensValidFrom: 0,
    notify: (event) => {
      for (const listener of listeners) listener(event);
    },
  };
  const knobs = new StatusKnobs(state);
  const deletions = new Deletions(state);
  const crds = new CrdController(state, knobs);
  const autoAdvance = new AutoAdvance(state, knobs);
  listeners.push(
    (event) => deletions.onWrite(event),
    (event) => crds.onWrite(event),
    (event) => autoAdvance.onWrite(event),
  );
  if (options.controllers?.jobs) {
    const jobs = new JobController(state);
    listeners.push((event) => jobs.onWrite(event));
  }
  if (options.controllers?.cnpgAppSecrets) {
    const cnpg = new CnpgAppSecrets(state);
    listeners.push((event) => cnpg.onWrite(event));
  }

  for (const definition of selectedDefinitions(options.crds ?? 'all')) crds.preinstall(definition);
  const store = storeAccess(state);
  for (const name of [...SYSTEM_NAMESPACES, ...(options.namespaces ?? [])]) store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  for (const rule of options.autoAdvance ?? []) autoAdvance.add(rule);
  for (const object of options.objects ?? []) store.put(object);

  const requests = new RequestLog();
  const faults = new Faults();
  let address = '127.0.0.1:0';
  const http = await startHttpServer({
    port: options.port ?? 0,
    faults,
    log: requests,
    maxTimeoutMs: options.maxTimeoutMs ?? 10_000,
    handle: (request) => handleApiRequest(state, deletions, { ...request, route: route(state.registry, request.path), serverAddress: address }),
  });
  address = `127.0.0.1:${http.port}`;
  const url = `http://${address}`;

  return {
    url,
    port: http.port,
    connectionsAccepted: () => http.connectionsAccepted(),
    kubeconfig: (kubeconfigOptions) => kubeconfigYaml(url, kubeconfigOptions),
    stop: async () => {
      state.scheduler.stop();
      await http.close();
    },
    requests,
    faults,
    status: knobs,
    store,
    autoAdvance: (rule) => autoAdvance.add(rule),
    flush: () => state.scheduler.flush(),
    pendingWork: () => state.scheduler.pending(),
    expireContinueTokens: () => {
      state.continueTokensValidFrom = Number(state.store.nextResourceVersion());
    },
  };
}

function selectedDefinitions(selection: 'all' | 'none' | readonly string[]): JsonObject[] {
  if (selection === 'none') return [];
  const all = vendoredDefinitions();
  if (selection === 'all') return all.map((definition) => clone(definition));
  return all
    .filter((definition) => {
      const name = stringAt(definition, 'metadata', 'name') ?? '';
      const group = stringAt(definition, 'spec', 'group') ?? '';
      return selection.includes(name) || selection.includes(group);
    })
    .map((definition) => clone(definition));
}

function storeAccess(state: ClusterState): StoreAccess {
  const typeOf = (ref: { readonly kind: string; readonly apiVersion?: string }) => state.registry.byKindName(ref.kind, ref.apiVersion);
  return {
    get(ref) {
      const type = typeOf(ref);
      const object = state.store.get(storeKey(type, ref.namespace ?? '', ref.name));
      return object ? withTypeMeta(type, object) : undefined;
    },
    list(kind, listOptions = {}) {
      const type = typeOf({ kind, ...(listOptions.apiVersion ? { apiVersion: listOptions.apiVersion } : {}) });
      return state.store.list(type.group, type.resource, type.namespaced ? listOptions.namespace : undefined).map((object) => withTypeMeta(type, object));
    },
    put(input) {
      const type = typeOf({ kind: String(input.kind ?? ''), apiVersion: String(input.apiVersion ?? '') });
      const object = withTypeMeta(type, clone(input));
      const metadata = metadataOf(object);
      if (!type.namespaced) delete metadata.namespace;
      else if (namespaceOf(object) === '') throw new Error(`store.put: ${type.kind} ${nameOf(object)} needs metadata.namespace`);
      const previous = state.store.get(storeKey(type, namespaceOf(object), nameOf(object)));
      metadata.uid ??= stringAt(previous, 'metadata', 'uid') ?? newUid();
      metadata.creationTimestamp ??= stringAt(previous, 'metadata', 'creationTimestamp') ?? timestamp(state.now());
      if (type.tracksGeneration) metadata.generation ??= 1;
      if (object.status === undefined && !previous) {
        const status = initialStatus(type);
        if (status !== undefined) object.status = status;
      }
      metadata.resourceVersion = state.store.nextResourceVersion();
      state.store.put(type.group, type.resource, object);
      state.notify({ kind: previous ? 'updated' : 'created', type, object: clone(object), previous });
      return clone(object);
    },
    delete(ref) {
      const type = typeOf(ref);
      const key = storeKey(type, ref.namespace ?? '', ref.name);
      const object = state.store.get(key);
      if (!object || !state.store.remove(key)) return false;
      state.notify({ kind: 'deleted', type, object, previous: object });
      return true;
    },
  };
}
