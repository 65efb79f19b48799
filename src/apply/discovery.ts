/**
 * Kind -> resource, from the API server's discovery, cached per group-version.
 * `refresh()` forgets the cache after CRDs are established.
 */
import type { ManifestObject } from '../../constructs/index.js';
import { KubeApiError } from './errors.js';
import type { KubeTransport } from './transport.js';
import { SaasChartsError, ExitCode } from '../errors.js';

export interface ResourceInfo {
  readonly resource: string;
  readonly namespaced: boolean;
}

interface ApiResourceList { resources?: { name: string; kind: string; namespaced: boolean }[] }

export class UnknownKindError extends SaasChartsError {
  constructor(apiVersion: string, kind: string) {
    super('cluster', `the cluster does not serve ${apiVersion} ${kind}; is its operator (or CRD) installed?`, ExitCode.CLUSTER);
  }
}

export class Discovery {
  private readonly cache = new Map<string, Promise<Map<string, ResourceInfo> | undefined>>();

  constructor(private readonly transport: KubeTransport) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let pending = this.cache.get(apiVersion);
    if (!pending) {
      pending = this.fetch(apiVersion);
      this.cache.set(apiVersion, pending);
    }
    const info = (await pending)?.get(kind);
    if (!info) throw new UnknownKindError(apiVersion, kind);
    return info;
  }

  /** Whether the cluster serves a kind, without throwing. */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    return this.resolve(apiVersion, kind).then(() => true, () => false);
  }

  refresh(): void {
    this.cache.clear();
  }

  private async fetch(apiVersion: string): Promise<Map<string, ResourceInfo> | undefined> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    try {
      const list = (await this.transport.request({ method: 'GET', path })) as ApiResourceList;
      return new Map((list.resources ?? []).filter((r) => !r.name.includes('/')).map((r) => [r.kind, { resource: r.name, namespaced: r.namespaced }]));
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) {
        this.cache.delete(apiVersion);
        return undefined;
      }
      this.cache.delete(apiVersion);
      throw error;
    }
  }
}

/** `/apis/apps/v1/namespaces/ns/deployments[/name]` */
export function objectPath(object: Pick<ManifestObject, 'apiVersion' | 'metadata'>, info: ResourceInfo, withName = true): string {
  const prefix = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const namespace = info.namespaced ? `/namespaces/${encodeURIComponent(object.metadata.namespace ?? 'default')}` : '';
  return `${prefix}${namespace}/${info.resource}${withName ? `/${encodeURIComponent(object.metadata.name)}` : ''}`;
}

/** `Deployment tenant-acme/api` */
export function describeObject(object: Pick<ManifestObject, 'kind' | 'metadata'>): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}
