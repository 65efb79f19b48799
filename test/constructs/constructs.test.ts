import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ApiAccess, MigrationJob, PostgresCluster, PublicIngress, TenantNamespace, WebService, namespaceFootprint, type ManifestObject, type WebServiceProps,
} from '../../constructs/index.js';

const chart = () => new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
const identity = { name: 'shop', instance: 'ns', component: 'web', partOf: 'demo' };
const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
const health = { livenessPath: '/live', readinessPath: '/ready' };
const web = (overrides: Partial<WebServiceProps> = {}): WebServiceProps => ({ name: 'shop', identity, image: 'example/shop:1.0.0', port: 8080, resources, health, ...overrides });
const objectsOf = (c: Chart) => c.toJson() as ManifestObject[];
const byKind = (objects: ManifestObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe('WebService', () => {
  it('omits spec.replicas under an HPA and refuses both at once', () => {
    const c = chart();
    new WebService(c, 'Web', web({ autoscaling: { minReplicas: 2, maxReplicas: 5 } }));
    const objects = objectsOf(c);
    expect((byKind(objects, 'Deployment')[0] as unknown as { spec: Record<string, unknown> }).spec.replicas).toBeUndefined();
    expect(byKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(1);
    expect(() => new WebService(chart(), 'Web', web({ replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 5 } })))
      .toThrow('web service "shop": replicas (2) and autoscaling cannot both be set; the HorizontalPodAutoscaler owns the replica count');
  });

  it('adds a PodDisruptionBudget only when more than one replica can run', () => {
    const one = chart();
    new WebService(one, 'Web', web({ replicas: 1 }));
    expect(byKind(objectsOf(one), 'PodDisruptionBudget')).toHaveLength(0);
    const two = chart();
    new WebService(two, 'Web', web({ replicas: 2 }));
    expect(byKind(objectsOf(two), 'PodDisruptionBudget')).toHaveLength(1);
  });

  it('rejects unpinned images, bad ports and inverted autoscaling bounds with the value quoted', () => {
    expect(() => new WebService(chart(), 'Web', web({ image: 'example/shop:latest' }))).toThrow('image "example/shop:latest" is not pinned to a version');
    expect(() => new WebService(chart(), 'Web', web({ image: 'example/shop' }))).toThrow('is not pinned');
    expect(() => new WebService(chart(), 'Web', web({ port: 70000 }))).toThrow('port 70000 is not a TCP port');
    expect(() => new WebService(chart(), 'Web', web({ autoscaling: { minReplicas: 5, maxReplicas: 2 } }))).toThrow('minReplicas (5) is greater than maxReplicas (2)');
    expect(() => new WebService(chart(), 'Web', web({ name: 'Shop_1' }))).toThrow('web service name "Shop_1" is not a DNS label');
    expect(() => new WebService(chart(), 'Web', web({ resources: { ...resources, limits: { cpu: '1', memory: '2GB' } } }))).toThrow('resources.limits.memory "2GB" is not a Kubernetes quantity');
  });
});

describe('PublicIngress', () => {
  it('refuses a host without TLS', () => {
    expect(() => new PublicIngress(chart(), 'Ingress', {
      name: 'shop', className: 'nginx', hosts: ['a.example.com', 'b.example.com'], paths: [{ path: '/', serviceName: 'shop', servicePort: 80 }],
      tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }],
    })).toThrow('ingress "shop": host "b.example.com" has no TLS; every public host must be served over TLS');
  });
});

describe('ApiAccess', () => {
  it('refuses wildcards', () => {
    expect(() => new ApiAccess(chart(), 'Access', { name: 'robot', namespace: 'ns', rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }))
      .toThrow('access "robot": a rule lists "*" in resources; name every resource explicitly');
  });

  it('keeps cluster-wide roles and bindings out of any namespace', () => {
    const c = chart();
    new ApiAccess(c, 'Access', { name: 'robot', namespace: 'ns', clusterWide: true, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    const objects = objectsOf(c);
    expect(byKind(objects, 'ClusterRole')[0].metadata.namespace).toBeUndefined();
    expect(byKind(objects, 'ClusterRoleBinding')[0].metadata.namespace).toBeUndefined();
    expect(byKind(objects, 'ServiceAccount')[0].metadata.namespace).toBe('ns');
  });
});

describe('PostgresCluster', () => {
  const base = { name: 'db', identity, imageName: 'ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie', storage: { size: '10Gi' }, resources, database: 'app' };

  it('uses the Barman Cloud plugin, never the deprecated in-tree object store', () => {
    const c = chart();
    const db = new PostgresCluster(c, 'Db', { ...base, backup: { schedule: '0 0 2 * * *', retention: '7d', objectStore: { destinationPath: 's3://b/ns/', credentialsSecret: 'creds' } } });
    expect(db.readWriteHost).toBe('db-rw');
    expect(db.appSecretName).toBe('db-app');
    const cluster = byKind(objectsOf(c), 'Cluster')[0] as unknown as { spec: Record<string, unknown> };
    expect(cluster.spec.backup).toBeUndefined();
    expect(cluster.spec.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'db-backups' } }]);
  });

  it('rejects a five-field backup schedule and a floating image', () => {
    expect(() => new PostgresCluster(chart(), 'Db', { ...base, backup: { schedule: '0 2 * * *', retention: '7d', objectStore: { destinationPath: 's3://b', credentialsSecret: 'c' } } }))
      .toThrow('backup schedule "0 2 * * *" must have six fields, seconds first');
    expect(() => new PostgresCluster(chart(), 'Db', { ...base, imageName: 'postgres:latest' })).toThrow('must pin a PostgreSQL version');
  });
});

describe('TenantNamespace', () => {
  it('computes its quota from the objects in its namespace, added after it', () => {
    const c = chart();
    new TenantNamespace(c, 'Ns', { name: 'ns', quotaHeadroom: { acmeSolvers: 1 } });
    new WebService(c, 'Web', web({ replicas: 3 }));
    new MigrationJob(c, 'Migrate', { identity, image: 'example/migrate:1.0.0', resources });
    const objects = objectsOf(c);
    const hard = (byKind(objects, 'ResourceQuota')[0] as unknown as { spec: { hard: Record<string, string> } }).spec.hard;
    // 3 replicas + 1 surge pod at 100m, the Job at 100m, one ACME solver at 10m
    expect(hard['requests.cpu']).toBe('510m');
    expect(hard.pods).toBe('6');
    expect(namespaceFootprint(objects.filter((o) => o.kind !== 'ResourceQuota')).pods).toBe(5);
  });
});
