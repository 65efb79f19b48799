import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { namespaceFootprint, cpuMillis, bytes, type ManifestObject } from '../../constructs/index.js';
import { TenantChart } from '../../src/charts/tenant-chart.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput, TenantInput, Tier } from '../../src/platform/schema.js';
import { find, podSpec, spec } from '../support/fleet.js';

function renderTenant(tier: Tier, extra: Partial<TenantInput> = {}, global: PlatformInput['global'] = {}): ManifestObject[] {
  const platform = definePlatform({
    global,
    tenants: [{ id: 'acme', name: 'ACME', tier, placement: 'dedicated', createdAt: '2026-11-20', ...extra }],
  });
  return new TenantChart(new App(), 'tenant-acme', { platform, tenant: platform.tenants[0] }).toJson() as ManifestObject[];
}

describe('tenant chart contracts (seed 001, 003)', () => {
  const objects = renderTenant('professional', { customDomains: ['shop.acmeauto.com'] });

  it('puts everything in namespace tenant-{id}, the namespace itself carrying none', () => {
    const namespace = find(objects, 'Namespace', 'tenant-acme');
    expect(namespace.metadata.namespace).toBeUndefined();
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe('tenant-acme');
  });

  it('labels the namespace for `kubectl get namespaces -l mechanicbuddy.app/namespace-type=tenant` and enforces restricted', () => {
    expect(find(objects, 'Namespace', 'tenant-acme').metadata.labels).toMatchObject({
      'mechanicbuddy.app/namespace-type': 'tenant',
      'mechanicbuddy.app/tenant-id': 'acme',
      'mechanicbuddy.app/tier': 'professional',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('runs deployments api and web with component labels and explicit name+instance selectors', () => {
    for (const [name, component, port] of [['api', 'api', 15567], ['web', 'web', 3000]] as const) {
      const deployment = find(objects, 'Deployment', name);
      expect(spec(deployment).selector.matchLabels).toEqual({ 'app.kubernetes.io/name': `mechanicbuddy-${name}`, 'app.kubernetes.io/instance': 'tenant-acme' });
      expect(spec(deployment).template.metadata.labels['app.kubernetes.io/component']).toBe(component);
      expect(spec(deployment).template.metadata.labels['app.kubernetes.io/part-of']).toBe('mechanicbuddy');
      expect(podSpec(deployment).containers[0].ports[0].containerPort).toBe(port);
      const service = find(objects, 'Service', name);
      expect(spec(service).selector).toEqual(spec(deployment).selector.matchLabels);
      expect(spec(service).ports[0].port).toBe(port);
    }
  });

  it('probes the health endpoints of seed 004', () => {
    const api = podSpec(find(objects, 'Deployment', 'api')).containers[0];
    expect(api.livenessProbe.httpGet.path).toBe('/health/live');
    expect(api.readinessProbe.httpGet.path).toBe('/health/ready');
    const web = podSpec(find(objects, 'Deployment', 'web')).containers[0];
    expect(web.readinessProbe.httpGet.path).toBe('/api/health');
  });

  it('creates CNPG cluster tenant-{id}-postgresql and reads its generated -app secret', () => {
    const cluster = find(objects, 'Cluster', 'tenant-acme-postgresql');
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(spec(cluster).bootstrap.initdb.secret).toBeUndefined();
    const env = podSpec(find(objects, 'Deployment', 'api')).containers[0].env as { name: string; valueFrom?: { secretKeyRef: { name: string } } }[];
    expect(env.find((e) => e.name === 'DB_PASSWORD')?.valueFrom?.secretKeyRef.name).toBe('tenant-acme-postgresql-app');
  });

  it('runs job/db-migration that waits for the database', () => {
    const job = find(objects, 'Job', 'db-migration');
    expect(podSpec(job).initContainers[0].command.join(' ')).toContain('pg_isready');
    expect(podSpec(job).restartPolicy).toBe('Never');
  });

  it('issues certificate {id}-tls for {id}.{domain} and the custom domains, used by the Ingress', () => {
    const certificate = find(objects, 'Certificate', 'acme-tls');
    expect(spec(certificate).dnsNames).toEqual(['acme.mechanicbuddy.app', 'shop.acmeauto.com']);
    expect(spec(certificate).issuerRef).toEqual({ name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    const ingress = find(objects, 'Ingress', 'mechanicbuddy');
    expect(spec(ingress).rules.map((r: { host: string }) => r.host)).toEqual(['acme.mechanicbuddy.app', 'shop.acmeauto.com']);
    expect(spec(ingress).tls).toEqual([{ hosts: ['acme.mechanicbuddy.app', 'shop.acmeauto.com'], secretName: 'acme-tls' }]);
    const paths = spec(ingress).rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => `${p.path}->${p.backend.service.name}`);
    expect(paths).toEqual(['/api->api', '/->web']);
  });

  it('serves subdomains from the wildcard default certificate when the platform says so', () => {
    const wildcard = renderTenant('professional', {}, { tls: { tenantSubdomains: 'wildcard' } });
    expect(wildcard.some((o) => o.kind === 'Certificate')).toBe(false);
    expect(spec(find(wildcard, 'Ingress', 'mechanicbuddy')).tls).toEqual([{ hosts: ['acme.mechanicbuddy.app'] }]);
  });

  it('closes the namespace by default and opens only named allowances', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const deny = find(policies, 'NetworkPolicy', 'default-deny');
    expect(spec(deny)).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const names = policies.map((p) => p.metadata.name);
    expect(names).toEqual(expect.arrayContaining([
      'allow-dns', 'allow-ingress-controller', 'allow-acme-http01-solver', 'allow-cnpg-tenant-acme-postgresql', 'allow-same-namespace',
    ]));
    const solver = spec(find(policies, 'NetworkPolicy', 'allow-acme-http01-solver'));
    expect(solver.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8089 }]);
    const cnpg = spec(find(policies, 'NetworkPolicy', 'allow-cnpg-tenant-acme-postgresql'));
    expect(cnpg.ingress[0].ports.map((p: { port: number }) => p.port)).toEqual([8000, 5432]);
    expect(cnpg.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'cnpg-system' });
  });

  it('sizes the quota from what the namespace runs: surge, database bootstrap Job and ACME solvers included', () => {
    const quota = spec(find(objects, 'ResourceQuota', 'compute-and-storage')).hard;
    const need = namespaceFootprint(objects.filter((o) => o.kind !== 'ResourceQuota'));
    // Seed 001 professional values: api 2 x 1 CPU, web 2 x 500m, 2 database instances x 500m; plus one surge pod per
    // Deployment, one CNPG join Job, the migration Job (100m) and one HTTP-01 solver (10m).
    expect(cpuMillis(quota['requests.cpu'])).toBe(3 * 1000 + 3 * 500 + 3 * 500 + 100 + 10);
    expect(cpuMillis(quota['requests.cpu'])).toBeGreaterThanOrEqual(need.requestsCpu);
    expect(bytes(quota['limits.memory'])).toBeGreaterThanOrEqual(need.limitsMemory);
    expect(bytes(quota['requests.storage'])).toBe(2 * 50 * 2 ** 30);
    expect(Number(quota.pods)).toBe(3 + 3 + 3 + 1 + 1);
    expect(quota['services.loadbalancers']).toBe('0');
  });

  it('mounts no service account token and runs every pod restricted-compliant', () => {
    for (const object of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      const pod = podSpec(object);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(container.resources.requests).toBeDefined();
        expect(container.resources.limits).toBeDefined();
        expect(container.image).toMatch(/:[\w][\w.-]*$/);
        expect(container.image).not.toMatch(/:latest$/);
      }
    }
  });
});

describe('tiers (DESIGN.md decision)', () => {
  const replicas = (objects: ManifestObject[], name: string) => spec(find(objects, 'Deployment', name)).replicas;

  it.each([
    ['demo', 1, 1, 1, '5Gi'],
    ['free', 1, 1, 1, '10Gi'],
    ['professional', 2, 2, 2, '50Gi'],
    ['enterprise', 3, 3, 3, '200Gi'],
  ] as const)('%s: api %i, web %i, %i database instances of %s', (tier, api, web, instances, storage) => {
    const objects = renderTenant(tier);
    expect(replicas(objects, 'api')).toBe(api);
    expect(replicas(objects, 'web')).toBe(web);
    const cluster = spec(find(objects, 'Cluster', 'tenant-acme-postgresql'));
    expect(cluster.instances).toBe(instances);
    expect(cluster.storage.size).toBe(storage);
    expect(cluster.enablePDB).toBe(instances > 1);
  });

  it('backs up professional daily kept 7 days, enterprise hourly kept 30 days, through the Barman Cloud plugin', () => {
    for (const [tier, schedule, retention] of [['professional', '0 0 2 * * *', '7d'], ['enterprise', '0 0 * * * *', '30d']] as const) {
      const objects = renderTenant(tier);
      const backup = spec(find(objects, 'ScheduledBackup', 'tenant-acme-postgresql-scheduled'));
      expect(backup).toMatchObject({ schedule, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' }, cluster: { name: 'tenant-acme-postgresql' } });
      expect(spec(find(objects, 'ObjectStore', 'tenant-acme-postgresql-backups')).retentionPolicy).toBe(retention);
      expect(spec(find(objects, 'Cluster', 'tenant-acme-postgresql')).plugins[0]).toMatchObject({ isWALArchiver: true, parameters: { barmanObjectName: 'tenant-acme-postgresql-backups' } });
      expect(spec(find(objects, 'Cluster', 'tenant-acme-postgresql')).backup).toBeUndefined();
    }
  });

  it('gives demo and free tenants no backups, and demo trials an expiry 7 days after creation', () => {
    for (const tier of ['demo', 'free'] as const) {
      const objects = renderTenant(tier);
      expect(objects.some((o) => o.kind === 'ScheduledBackup' || o.kind === 'ObjectStore')).toBe(false);
    }
    expect(find(renderTenant('demo'), 'Namespace', 'tenant-acme').metadata.annotations?.['mechanicbuddy.app/expires-at']).toBe('2026-11-27');
  });

  it('applies per-tenant overrides and image tags', () => {
    const objects = renderTenant('professional', { api: { replicas: 4 }, imageTag: 'v1.2.3', database: { storage: '80Gi' } });
    expect(replicas(objects, 'api')).toBe(4);
    expect(podSpec(find(objects, 'Deployment', 'api')).containers[0].image).toBe('ghcr.io/your-org/mechanicbuddy-api:v1.2.3');
    expect(spec(find(objects, 'Cluster', 'tenant-acme-postgresql')).storage.size).toBe('80Gi');
    expect(find(objects, 'Deployment', 'api').metadata.labels?.['app.kubernetes.io/version']).toBe('v1.2.3');
    expect(spec(find(objects, 'Deployment', 'api')).selector.matchLabels['app.kubernetes.io/version']).toBeUndefined();
  });
});
