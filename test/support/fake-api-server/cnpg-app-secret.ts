/**
 * What the CloudNativePG operator does when a Cluster bootstraps with initdb and
 * no `initdb.secret`: it generates `<cluster>-app` (type kubernetes.io/basic-auth,
 * owned by the Cluster) with username, password, dbname, host, port, uri, ...
 * (cloudnative-pg pkg/specs/secrets.go). The password is random test data.
 */
import { randomBytes } from 'node:crypto';
import { nameOf, namespaceOf, storeKey, type ClusterState, type WriteEvent } from './cluster-state.js';
import { getPath, stringAt } from './json.js';
import { create } from './writes.js';

const encode = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

export class CnpgAppSecrets {
  constructor(private readonly state: ClusterState) {}

  onWrite(event: WriteEvent): void {
    if (event.kind !== 'created' || event.type.group !== 'postgresql.cnpg.io' || event.type.kind !== 'Cluster') return;
    if (getPath(event.object, 'spec', 'bootstrap', 'initdb', 'secret') !== undefined) return;
    const namespace = namespaceOf(event.object);
    const cluster = nameOf(event.object);
    const uid = stringAt(event.object, 'metadata', 'uid') ?? '';
    const database = stringAt(event.object, 'spec', 'bootstrap', 'initdb', 'database') ?? 'app';
    const owner = stringAt(event.object, 'spec', 'bootstrap', 'initdb', 'owner') ?? database;
    this.state.scheduler.schedule(0, `cnpg app secret: ${namespace}/${cluster}-app`, () => {
      const secrets = this.state.registry.byKind('v1', 'Secret')!;
      if (this.state.store.get(storeKey(secrets, namespace, `${cluster}-app`))) return;
      const password = randomBytes(24).toString('base64url');
      const host = `${cluster}-rw`;
      const uri = `postgresql://${owner}:${password}@${host}.${namespace}:5432/${database}`;
      const body = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: `${cluster}-app`,
          namespace,
          labels: { 'cnpg.io/cluster': cluster, 'cnpg.io/reload': 'true', 'cnpg.io/userType': 'app' },
          ownerReferences: [{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: cluster, uid, controller: true }],
        },
        type: 'kubernetes.io/basic-auth',
        data: Object.fromEntries(Object.entries({
          username: owner, user: owner, password, dbname: database, host, port: '5432', uri,
          pgpass: `${host}:5432:${database}:${owner}:${password}\n`,
        }).map(([key, value]) => [key, encode(value)])),
      };
      create(this.state, secrets, namespace, JSON.stringify(body), { dryRun: false, fieldManager: 'manager', userAgent: undefined, fieldValidation: 'Ignore', force: false, subresource: undefined });
    });
  }
}
