import { describe, expect, it } from 'vitest';
import { apiResourceOf } from '../../constructs/index.js';
import { SEED_003_FLOOR, tenantProvisioningRules } from '../../src/charts/provisioning-rules.js';
import { defaultSynth, find, objectsOf, podSpec, spec } from '../support/fleet.js';

describe('management system chart (seed 001, 004)', () => {
  const objects = objectsOf(defaultSynth(), 'system/mechanicbuddy-system.k8s.yaml');

  it('runs management-api and management-portal (Service 80 -> 3000) with their components', () => {
    const api = find(objects, 'Deployment', 'management-api', 'mechanicbuddy-system');
    expect(spec(api).template.metadata.labels['app.kubernetes.io/component']).toBe('management-api');
    const portal = find(objects, 'Deployment', 'management-portal', 'mechanicbuddy-system');
    expect(spec(portal).template.metadata.labels['app.kubernetes.io/component']).toBe('management-portal');
    expect(podSpec(portal).containers[0].ports[0].containerPort).toBe(3000);
    expect(spec(find(objects, 'Service', 'management-portal')).ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
  });

  it('creates the shared database mechanicbuddy-system-postgresql with daily plugin backups and its migration Job', () => {
    const cluster = find(objects, 'Cluster', 'mechanicbuddy-system-postgresql');
    expect(spec(cluster).instances).toBe(2);
    expect(spec(cluster).storage.size).toBe('100Gi');
    expect(spec(find(objects, 'ScheduledBackup', 'mechanicbuddy-system-postgresql-scheduled')).method).toBe('plugin');
    find(objects, 'Job', 'management-db-migration');
  });

  it('serves {domain} and api.{domain} over TLS', () => {
    const hosts = objects.filter((o) => o.kind === 'Ingress').flatMap((o) => spec(o).rules.map((r: { host: string }) => r.host));
    expect(hosts.sort()).toEqual(['api.mechanicbuddy.app', 'mechanicbuddy.app']);
    expect(spec(find(objects, 'Certificate', 'mechanicbuddy-system-tls')).dnsNames).toEqual(['mechanicbuddy.app', 'api.mechanicbuddy.app']);
  });

  it('declares ClusterIssuer letsencrypt-prod without a namespace: DNS-01 for the platform zone, HTTP-01 otherwise', () => {
    const issuer = find(objects, 'ClusterIssuer', 'letsencrypt-prod');
    expect(issuer.metadata.namespace).toBeUndefined();
    const solvers = spec(issuer).acme.solvers;
    expect(solvers[0]).toMatchObject({ selector: { dnsZones: ['mechanicbuddy.app'] }, dns01: { cloudflare: {} } });
    expect(solvers[1]).toEqual({ http01: { ingress: { ingressClassName: 'nginx' } } });
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Namespace']) {
      for (const object of objects.filter((o) => o.kind === kind)) expect(object.metadata.namespace, `${kind} ${object.metadata.name}`).toBeUndefined();
    }
  });

  it('gives only management-api an API token, through its own ServiceAccount', () => {
    expect(podSpec(find(objects, 'Deployment', 'management-api'))).toMatchObject({ serviceAccountName: 'management-api', automountServiceAccountToken: true });
    expect(podSpec(find(objects, 'Deployment', 'management-portal')).automountServiceAccountToken).toBe(false);
    const binding = find(objects, 'ClusterRoleBinding', 'management-api');
    expect((binding as unknown as { subjects: unknown[] }).subjects).toEqual([{ kind: 'ServiceAccount', name: 'management-api', namespace: 'mechanicbuddy-system' }]);
  });
});

describe('provisioning RBAC', () => {
  const rules = tenantProvisioningRules();
  const allows = (group: string, resource: string, verb: string) =>
    rules.some((rule) => rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes(verb));

  it('grants at least seed 003\'s list', () => {
    for (const rule of SEED_003_FLOOR) {
      for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) {
        expect(allows(group, resource, verb), `${verb} ${group}/${resource}`).toBe(true);
      }
    }
  });

  it('can server-side apply and prune every kind a tenant chart of the default platform creates', () => {
    const tenantObjects = defaultSynth().files.filter((f) => f.path.startsWith('tenants/')).flatMap((f) => objectsOf(defaultSynth(), f.path));
    const kinds = new Set(tenantObjects.map((o) => `${o.apiVersion} ${o.kind}`));
    expect(kinds.size).toBeGreaterThan(10);
    for (const key of kinds) {
      const [apiVersion, kind] = key.split(' ');
      const { group, resource } = apiResourceOf(apiVersion, kind);
      for (const verb of ['create', 'get', 'list', 'patch', 'delete', 'watch']) expect(allows(group, resource, verb), `${verb} ${group}/${resource}`).toBe(true);
    }
  });

  it('uses no wildcard and no permission to write RBAC objects', () => {
    for (const rule of rules) {
      expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
      expect(rule.apiGroups).not.toContain('rbac.authorization.k8s.io');
    }
  });

  it('is what the ClusterRole in dist/ grants', () => {
    const role = find(objectsOf(defaultSynth(), 'system/mechanicbuddy-system.k8s.yaml'), 'ClusterRole', 'management-api');
    expect((role as unknown as { rules: unknown }).rules).toEqual(rules.map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs })));
  });
});
