/**
 * The kubectl commands in the seeds are what operators already type: each
 * must resolve against our output. Resource/name forms are checked by kind,
 * namespace and name; `-l` forms by evaluating the selector on the objects.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../constructs/index.js';
import { allObjects, defaultSynth, find, matchesSelector } from './support/fleet.js';

const objects = allObjects(defaultSynth());

/** The labels of the pods a workload creates. */
function podLabels(object: ManifestObject): Record<string, string> | undefined {
  return (object as unknown as { spec: { template?: { metadata?: { labels?: Record<string, string> } } } }).spec?.template?.metadata?.labels;
}
const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job');
/** The MechanicBuddy namespaces (seed 001's selectors are about them; bricks and IoT customers are other products). */
const mechanicbuddy = (o: ManifestObject) => /^(mechanicbuddy-|tenant-)/.test(o.metadata.namespace ?? '');

describe('seed commands resolve on the synthesized objects', () => {
  it.each([
    ['kubectl wait --for=condition=available deployment/management-api -n mechanicbuddy-system', 'Deployment', 'management-api', 'mechanicbuddy-system'],
    ['kubectl rollout status deployment/management-portal -n mechanicbuddy-system', 'Deployment', 'management-portal', 'mechanicbuddy-system'],
    ['kubectl port-forward -n mechanicbuddy-system svc/management-portal 3000:80', 'Service', 'management-portal', 'mechanicbuddy-system'],
    ['kubectl get cluster -n mechanicbuddy-system', 'Cluster', 'mechanicbuddy-system-postgresql', 'mechanicbuddy-system'],
    ['kubectl wait --for=condition=available deployment/free-tier-api -n mechanicbuddy-free-tier', 'Deployment', 'free-tier-api', 'mechanicbuddy-free-tier'],
    ['kubectl scale deployment free-tier-web -n mechanicbuddy-free-tier --replicas=5', 'Deployment', 'free-tier-web', 'mechanicbuddy-free-tier'],
    ['kubectl get hpa -n mechanicbuddy-free-tier', 'HorizontalPodAutoscaler', 'free-tier-api', 'mechanicbuddy-free-tier'],
    ['kubectl get application mechanicbuddy-free-tier -n argocd', 'Application', 'mechanicbuddy-free-tier', 'argocd'],
    ['kubectl rollout status deployment/api -n tenant-acme', 'Deployment', 'api', 'tenant-acme'],
    ['kubectl rollout status deployment/web -n tenant-acme', 'Deployment', 'web', 'tenant-acme'],
    ['kubectl logs -n tenant-acme job/db-migration', 'Job', 'db-migration', 'tenant-acme'],
    ['kubectl get cluster tenant-acme-postgresql -n tenant-acme', 'Cluster', 'tenant-acme-postgresql', 'tenant-acme'],
    ['kubectl describe certificate -n tenant-acme acme-tls', 'Certificate', 'acme-tls', 'tenant-acme'],
    ['kubectl describe quota -n tenant-acme', 'ResourceQuota', 'compute-and-storage', 'tenant-acme'],
    ['kubectl rollout status deployment/app -n helperiance-manager', 'Deployment', 'app', 'helperiance-manager'],
    ['kubectl get pvc cassandra-pvc -n helperiance-manager', 'PersistentVolumeClaim', 'cassandra-pvc', 'helperiance-manager'],
    ['kubectl get svc cassandra -n helperiance-manager (9042)', 'Service', 'cassandra', 'helperiance-manager'],
    ['kubectl get cronjob delete-helperiance-pod-daily -n helperiance-manager', 'CronJob', 'delete-helperiance-pod-daily', 'helperiance-manager'],
    ['kubectl logs -n customer-abc123 deployment/customer-abc123-api', 'Deployment', 'customer-abc123-api', 'customer-abc123'],
    ['kubectl port-forward -n customer-abc123 svc/customer-abc123-exporter 9090:9090', 'Service', 'customer-abc123-exporter', 'customer-abc123'],
    ['kubectl exec ... pg_isready -h customer-abc123-postgres', 'Service', 'customer-abc123-postgres', 'customer-abc123'],
    ['kubectl exec ... nc -zv customer-abc123-mosquitto 1883', 'Service', 'customer-abc123-mosquitto', 'customer-abc123'],
  ])('%s', (_command, kind, name, namespace) => {
    expect(find(objects, kind, name, namespace)).toBeDefined();
  });

  it('kubectl get secret tenant-{id}-postgresql-app: CNPG generates it because no initdb secret is given', () => {
    const cluster = find(objects, 'Cluster', 'tenant-acme-postgresql', 'tenant-acme') as unknown as { spec: { bootstrap: { initdb: Record<string, unknown> } } };
    expect(cluster.spec.bootstrap.initdb.secret).toBeUndefined();
    expect(JSON.stringify(find(objects, 'Deployment', 'api', 'tenant-acme'))).toContain('"name":"tenant-acme-postgresql-app"');
  });

  it('kubectl get namespaces -l mechanicbuddy.app/namespace-type=tenant lists exactly the dedicated tenants', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace' && matchesSelector(o.metadata.labels, 'mechanicbuddy.app/namespace-type=tenant'));
    expect(namespaces.map((n) => n.metadata.name)).toEqual(['tenant-acme', 'tenant-bigshop', 'tenant-rapidfix', 'tenant-trial-motors']);
  });

  it('kubectl get pods -A -l app.kubernetes.io/part-of=mechanicbuddy selects every MechanicBuddy pod', () => {
    for (const workload of workloads.filter(mechanicbuddy)) expect(matchesSelector(podLabels(workload), 'app.kubernetes.io/part-of=mechanicbuddy'), workload.metadata.name).toBe(true);
  });

  it.each([
    ['mechanicbuddy-system', 'app.kubernetes.io/component=management-api', ['management-api']],
    ['mechanicbuddy-free-tier', 'app.kubernetes.io/component=api', ['free-tier-api']],
    ['mechanicbuddy-free-tier', 'app.kubernetes.io/component=web', ['free-tier-web']],
    ['tenant-acme', 'app.kubernetes.io/component=api', ['api']],
    ['tenant-acme', 'app.kubernetes.io/component=web', ['web']],
  ])('kubectl logs -n %s -l %s reaches %j', (namespace, selector, names) => {
    const selected = workloads.filter((w) => w.metadata.namespace === namespace && matchesSelector(podLabels(w), selector));
    expect(selected.map((w) => w.metadata.name)).toEqual(names);
  });

  it('kubectl get ingress/certificate -A -l app.kubernetes.io/part-of=mechanicbuddy lists every Ingress and Certificate', () => {
    for (const object of objects.filter((o) => (o.kind === 'Ingress' || o.kind === 'Certificate') && mechanicbuddy(o))) {
      expect(matchesSelector(object.metadata.labels, 'app.kubernetes.io/part-of=mechanicbuddy'), object.metadata.name).toBe(true);
    }
  });
});

describe('seed 000 and 002 names', () => {
  it('kubectl describe pvc postgres-data-customer-abc123-postgres-0: the claim template and StatefulSet make that name', () => {
    const postgres = find(objects, 'StatefulSet', 'customer-abc123-postgres', 'customer-abc123') as unknown as { spec: { volumeClaimTemplates: { metadata: { name: string } }[] } };
    expect(`${postgres.spec.volumeClaimTemplates[0].metadata.name}-customer-abc123-postgres-0`).toBe('postgres-data-customer-abc123-postgres-0');
  });

  it('kubectl get secret customer-abc123-secrets -o jsonpath={.data.IOTISTIC_LICENSE_KEY}: the API reads that key', () => {
    expect(JSON.stringify(find(objects, 'Deployment', 'customer-abc123-api', 'customer-abc123'))).toContain('"secretKeyRef":{"key":"IOTISTIC_LICENSE_KEY","name":"customer-abc123-secrets"}');
  });

  it('the Cassandra PVC lives on the NFS storage class', () => {
    expect((find(objects, 'PersistentVolumeClaim', 'cassandra-pvc') as unknown as { spec: { storageClassName: string } }).spec.storageClassName).toBe('nfs-csi');
  });
});
