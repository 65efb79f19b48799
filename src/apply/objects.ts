/** Object-level calls: read, server-side apply, create-only, delete, list with pagination. */
import type { ManifestObject } from '../../constructs/index.js';
import { Discovery, describeObject, objectPath } from './discovery.js';
import { KubeApiError, explainWriteError } from './errors.js';
import type { KubeTransport } from './transport.js';

export const FIELD_MANAGER = 'saas-charts';

export interface ApplyCall {
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export class ObjectClient {
  readonly discovery: Discovery;

  constructor(readonly transport: KubeTransport, readonly fieldManager = FIELD_MANAGER) {
    this.discovery = new Discovery(transport);
  }

  async get(object: Pick<ManifestObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<ManifestObject | undefined> {
    const info = await this.discovery.resolve(object.apiVersion, object.kind);
    try {
      return (await this.transport.request({ method: 'GET', path: objectPath(object, info) })) as ManifestObject;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Server-side apply: `application/apply-patch+yaml` (JSON is YAML), strict field validation, never forced by default. */
  async apply(object: ManifestObject, call: ApplyCall = {}): Promise<ManifestObject> {
    const info = await this.discovery.resolve(object.apiVersion, object.kind);
    const body = info.namespaced ? object : { ...object, metadata: { ...object.metadata, namespace: undefined } };
    try {
      return (await this.transport.request({
        method: 'PATCH',
        path: objectPath(object, info),
        query: { fieldManager: this.fieldManager, fieldValidation: 'Strict', force: call.force ? 'true' : undefined, dryRun: call.dryRun ? 'All' : undefined },
        contentType: 'application/apply-patch+yaml',
        body,
      })) as ManifestObject;
    } catch (error) {
      throw explainWriteError(error, describeObject(object));
    }
  }

  /**
   * Creates an object that must not exist yet (POST), for records whose name is claimed by
   * whoever writes first; undefined when the name is taken (409 AlreadyExists), where an
   * apply would silently merge into the other writer's object.
   */
  async create(object: ManifestObject): Promise<ManifestObject | undefined> {
    const info = await this.discovery.resolve(object.apiVersion, object.kind);
    try {
      return (await this.transport.request({
        method: 'POST',
        path: objectPath(object, info, false),
        query: { fieldManager: this.fieldManager, fieldValidation: 'Strict' },
        body: object,
      })) as ManifestObject;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 409 && error.body.reason === 'AlreadyExists') return undefined;
      throw explainWriteError(error, describeObject(object));
    }
  }

  /** Deletes an object; true when it existed. */
  async delete(object: Pick<ManifestObject, 'apiVersion' | 'kind' | 'metadata'>, options: { dryRun?: boolean; propagation?: 'Background' | 'Foreground' | 'Orphan' } = {}): Promise<boolean> {
    const info = await this.discovery.resolve(object.apiVersion, object.kind);
    try {
      await this.transport.request({
        method: 'DELETE',
        path: objectPath(object, info),
        query: { propagationPolicy: options.propagation ?? 'Background', dryRun: options.dryRun ? 'All' : undefined },
      });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }

  /** Every object of a kind (in a namespace) matching a label selector, page by page. */
  async list(apiVersion: string, kind: string, namespace: string | undefined, labelSelector: string): Promise<ManifestObject[]> {
    const info = await this.discovery.resolve(apiVersion, kind);
    const path = objectPath({ apiVersion, metadata: { name: '', namespace } }, info, false);
    const items: ManifestObject[] = [];
    let next: string | undefined;
    do {
      let page: { items?: ManifestObject[]; metadata?: { continue?: string } };
      try {
        page = (await this.transport.request({ method: 'GET', path, query: { labelSelector, limit: '500', continue: next } })) as typeof page;
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 404) return items;
        throw error;
      }
      // Lists of built-in kinds come back without apiVersion and kind on their items.
      for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind });
      next = page.metadata?.continue || undefined;
    } while (next);
    return items;
  }
}
