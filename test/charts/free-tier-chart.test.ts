import { describe, expect, it } from 'vitest';
import { namespaceFootprint, cpuMillis, bytes } from '../../constructs/index.js';
import { defaultSynth, find, objectsOf, podSpec, spec } from '../support/fleet.js';

describe('free tier chart (seed 001, 004)', () => {
  const objects = objectsOf(defaultSynth(), 'free-tier/mechanicbuddy-free-tier.k8s.yaml');

  it('runs free-tier-api on 15567 and free-tier-web on 3000 with their health endpoints', () => {
    const api = podSpec(find(objects, 'Deployment', 'free-tier-api', 'mechanicbuddy-free-tier')).containers[0];
    expect(api.ports[0].containerPort).toBe(15567);
    expect(api.livenessProbe.httpGet.path).toBe('/health/live');
    expect(api.readinessProbe.httpGet.path).toBe('/health/ready');
    const web = podSpec(find(objects, 'Deployment', 'free-tier-web')).containers[0];
    expect(web.ports[0].containerPort).toBe(3000);
    expect(web.livenessProbe.httpGet.path).toBe('/api/health');
  });

  it('autoscales both 2..10 on CPU and memory, leaving spec.replicas to the HPA, with PDBs', () => {
    for (const name of ['free-tier-api', 'free-tier-web']) {
      expect(spec(find(objects, 'Deployment', name)).replicas).toBeUndefined();
      const hpa = spec(find(objects, 'HorizontalPodAutoscaler', name));
      expect(hpa).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name } });
      expect(hpa.metrics.map((m: { resource: { name: string } }) => m.resource.name)).toEqual(['cpu', 'memory']);
      expect(spec(find(objects, 'PodDisruptionBudget', name)).maxUnavailable).toBe(1);
    }
  });

  it('enables multi-tenancy with maxTenants and resolves the tenant from Host, on the system database', () => {
    const env = Object.fromEntries((podSpec(find(objects, 'Deployment', 'free-tier-api')).containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ MultiTenancy__Enabled: 'true', MultiTenancy__MaxTenants: '100', MultiTenancy__TenantResolution: 'Host' });
    expect(env.DB_HOST).toBe('mechanicbuddy-system-postgresql-rw.mechanicbuddy-system.svc.cluster.local');
  });

  it('routes *.{domain} with the wildcard certificate, /api to the API', () => {
    const ingress = spec(find(objects, 'Ingress', 'free-tier'));
    expect(ingress.rules[0].host).toBe('*.mechanicbuddy.app');
    expect(ingress.tls).toEqual([{ hosts: ['*.mechanicbuddy.app'], secretName: 'mechanicbuddy-wildcard-tls' }]);
    expect(spec(find(objects, 'Certificate', 'mechanicbuddy-wildcard')).dnsNames).toEqual(['mechanicbuddy.app', '*.mechanicbuddy.app']);
    expect(ingress.rules[0].http.paths.map((p: { path: string }) => p.path)).toEqual(['/api', '/']);
  });

  it('has a quota that fits both workloads at the HPA maximum plus a rolling-update surge', () => {
    const quota = spec(find(objects, 'ResourceQuota', 'compute-and-storage')).hard;
    // seed 001: api 1 CPU / 2Gi requests, web 500m / 1Gi; 10 + 1 pods each
    expect(cpuMillis(quota['requests.cpu'])).toBe(11 * 1000 + 11 * 500);
    expect(bytes(quota['limits.memory'])).toBe(11 * 4 * 2 ** 30 + 11 * 2 * 2 ** 30);
    const need = namespaceFootprint(objects);
    expect(Number(quota.pods)).toBe(need.pods);
  });

  it('is synced by Argo CD application mechanicbuddy-free-tier with prune and selfHeal', () => {
    const app = find(objectsOf(defaultSynth(), 'gitops/argocd.k8s.yaml'), 'Application', 'mechanicbuddy-free-tier', 'argocd');
    expect(spec(app).syncPolicy.automated).toMatchObject({ prune: true, selfHeal: true });
    expect(spec(app).source).toMatchObject({ repoURL: 'https://github.com/your-org/mechanicbuddy', path: 'dist/free-tier' });
    expect(spec(app).destination.namespace).toBe('mechanicbuddy-free-tier');
  });
});
