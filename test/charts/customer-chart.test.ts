import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  TenantNamespace, WebService, bytes, cpuMillis, declaredSecrets, namespaceFootprint, addFootprints, ACME_SOLVER_FOOTPRINT, type ManifestObject,
} from '../../constructs/index.js';
import { checkUnit } from '../../src/check/check.js';
import { CustomerChart } from '../../src/charts/customer-chart.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput } from '../../src/platform/schema.js';
import { chartYaml } from '../../src/testing/index.js';
import { find, podSpec, spec } from '../support/fleet.js';

type Customers = NonNullable<PlatformInput['customers']>;

function build(state: 'running' | 'paused' = 'running', customers: Omit<Customers, 'instances'> = {}, id = 'abc123'): CustomerChart {
  const platform = definePlatform({ customers: { ...customers, instances: [{ id, email: 'john@example.com', companyName: 'Acme Corp', state }] } });
  return new CustomerChart(new App(), `customer-${id}`, { platform, customer: platform.customers!.instances[0] });
}
const render = (...args: Parameters<typeof build>) => build(...args).toJson() as ManifestObject[];

/* eslint-disable @typescript-eslint/no-explicit-any */
const container = (object: ManifestObject): any => podSpec(object).containers[0];
const envOf = (object: ManifestObject, name: string): any => container(object).env.find((e: { name: string }) => e.name === name);
const WORKLOADS = [
  ['StatefulSet', 'customer-abc123-postgres'],
  ['StatefulSet', 'customer-abc123-mosquitto'],
  ['Deployment', 'customer-abc123-api'],
  ['Deployment', 'customer-abc123-dashboard'],
  ['Deployment', 'customer-abc123-exporter'],
] as const;

describe('customer instance chart (seed 002)', () => {
  const chart = build();
  const objects = chart.toJson() as ManifestObject[];

  it('puts everything in namespace customer-{id}, labelled for Iotistic and enforcing restricted', () => {
    const namespace = find(objects, 'Namespace', 'customer-abc123');
    expect(namespace.metadata.namespace).toBeUndefined();
    expect(namespace.metadata.labels).toMatchObject({
      'iotistic.io/customer-id': 'abc123',
      'iotistic.io/namespace-type': 'customer',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    for (const object of objects) {
      if (object.kind !== 'Namespace') expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe('customer-abc123');
      expect(object.metadata.labels?.['app.kubernetes.io/part-of'], `${object.kind}/${object.metadata.name}`).toBe('iotistic');
    }
  });

  it('names the workloads and Services the way seed 002\'s commands address them, on its ports', () => {
    for (const [kind, name] of WORKLOADS) {
      const workload = find(objects, kind, name);
      expect(find(objects, 'Service', name).spec).toMatchObject({ selector: spec(workload).selector.matchLabels });
    }
    const ports = (name: string) => spec(find(objects, 'Service', name)).ports.map((p: { port: number; targetPort: string }) => `${p.port}->${p.targetPort}`);
    const containerPorts = (kind: string, name: string) => container(find(objects, kind, name)).ports.map((p: { name: string; containerPort: number }) => `${p.name}=${p.containerPort}`);
    expect(ports('customer-abc123-postgres')).toEqual(['5432->postgres']);
    expect(ports('customer-abc123-mosquitto')).toEqual(['1883->mqtt', '9001->websockets']);
    expect(containerPorts('StatefulSet', 'customer-abc123-mosquitto')).toEqual(['mqtt=1883', 'websockets=9001']);
    expect(ports('customer-abc123-api')).toEqual(['3001->http']);
    expect(containerPorts('Deployment', 'customer-abc123-api')).toEqual(['http=3001']);
    // The dashboard listens unprivileged; its Service keeps port 80.
    expect(ports('customer-abc123-dashboard')).toEqual(['80->http']);
    expect(containerPorts('Deployment', 'customer-abc123-dashboard')).toEqual(['http=8080']);
    expect(ports('customer-abc123-exporter')).toEqual(['9090->http']);
  });

  it('runs PostgreSQL 15 whose claim template yields PVC postgres-data-customer-{id}-postgres-0', () => {
    const postgres = find(objects, 'StatefulSet', 'customer-abc123-postgres');
    const [claim] = spec(postgres).volumeClaimTemplates;
    expect(`${claim.metadata.name}-${postgres.metadata.name}-0`).toBe('postgres-data-customer-abc123-postgres-0');
    expect(claim.spec).toMatchObject({ storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } });
    const db = container(postgres);
    expect(db.image).toMatch(/^postgres:15\.\d+/);
    expect(db.volumeMounts).toContainEqual({ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' });
    expect(envOf(postgres, 'PGDATA').value).toBe('/var/lib/postgresql/data/pgdata');
    expect(podSpec(postgres).securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999, runAsNonRoot: true });
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(db[probe].exec.command[0]).toBe('pg_isready');
  });

  it('reads the database password from a generated declared Secret, never from the manifest', () => {
    const password = envOf(find(objects, 'StatefulSet', 'customer-abc123-postgres'), 'POSTGRES_PASSWORD');
    expect(password.value).toBeUndefined();
    const secret = declaredSecrets(chart).find((s) => s.name === password.valueFrom.secretKeyRef.name);
    expect(secret?.keys.find((k) => k.key === password.valueFrom.secretKeyRef.key)?.source).toBe('generated');
    expect(envOf(find(objects, 'Deployment', 'customer-abc123-api'), 'DB_PASSWORD').valueFrom).toEqual(password.valueFrom);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('configures Mosquitto with real listeners, persistence and password authentication', () => {
    const conf = (find(objects, 'ConfigMap', 'customer-abc123-mosquitto') as any).data['mosquitto.conf'] as string;
    const lines = conf.split('\n');
    for (const line of [
      'listener 1883', 'protocol mqtt', 'listener 9001', 'protocol websockets', 'allow_anonymous false',
      'password_file /mosquitto/secrets/passwd', 'persistence true', 'persistence_location /mosquitto/data/',
    ]) expect(lines).toContain(line);
    expect(lines.indexOf('protocol mqtt')).toBe(lines.indexOf('listener 1883') + 1);
    expect(lines.indexOf('protocol websockets')).toBe(lines.indexOf('listener 9001') + 1);
    expect(conf).not.toMatch(/allow_anonymous true/);

    const broker = find(objects, 'StatefulSet', 'customer-abc123-mosquitto');
    const pod = podSpec(broker);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1883, runAsGroup: 1883, fsGroup: 1883 });
    expect(container(broker).args).toEqual(['/usr/sbin/mosquitto', '-c', '/mosquitto/config/mosquitto.conf']);
    expect(container(broker).volumeMounts).toEqual(expect.arrayContaining([
      { name: 'mosquitto-data', mountPath: '/mosquitto/data' },
      { name: 'config', mountPath: '/mosquitto/config', readOnly: true },
      { name: 'passwords', mountPath: '/mosquitto/secrets', readOnly: true },
    ]));
    expect(spec(broker).volumeClaimTemplates[0].metadata.name).toBe('mosquitto-data');
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'customer-abc123-mosquitto' } });
    const passwords = pod.volumes.find((v: { name: string }) => v.name === 'passwords').secret;
    expect(passwords.items).toEqual([{ key: 'passwd', path: 'passwd' }]);
    const passwordSecret = declaredSecrets(chart).find((s) => s.name === passwords.secretName);
    expect(passwordSecret?.keys.find((k) => k.key === 'passwd')?.source).toBe('supplied');
    for (const probe of ['livenessProbe', 'readinessProbe']) expect(container(broker)[probe].tcpSocket.port).toBe('mqtt');
  });

  it('gives the API its database and MQTT settings and the license key by secretKeyRef from customer-{id}-secrets', () => {
    const api = find(objects, 'Deployment', 'customer-abc123-api');
    expect(envOf(api, 'DB_HOST').value).toBe('customer-abc123-postgres');
    expect(envOf(api, 'DB_PORT').value).toBe('5432');
    expect(envOf(api, 'MQTT_BROKER_URL').value).toBe('mqtt://customer-abc123-mosquitto:1883');
    expect(envOf(api, 'MQTT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'customer-abc123-mqtt', key: 'api-password' });
    const license = envOf(api, 'IOTISTIC_LICENSE_KEY');
    expect(license).toEqual({ name: 'IOTISTIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'customer-abc123-secrets', key: 'IOTISTIC_LICENSE_KEY' } } });
    const declared = declaredSecrets(chart).find((s) => s.name === 'customer-abc123-secrets');
    expect(declared?.keys).toEqual([expect.objectContaining({ key: 'IOTISTIC_LICENSE_KEY', source: 'supplied' })]);
    expect(chartYaml(chart)).not.toMatch(/IOTISTIC_LICENSE_KEY\n\s+value:/);
  });

  it('probes each app over HTTP and gives every container seed 002\'s resources', () => {
    const paths = (name: string) => ['startupProbe', 'livenessProbe', 'readinessProbe'].map((probe) => container(find(objects, 'Deployment', name))[probe].httpGet.path);
    expect(paths('customer-abc123-api')).toEqual(['/health', '/health', '/health']);
    expect(paths('customer-abc123-dashboard')).toEqual(['/', '/', '/']);
    expect(paths('customer-abc123-exporter')).toEqual(['/metrics', '/metrics', '/metrics']);
    const resources = (kind: string, name: string) => container(find(objects, kind, name)).resources;
    expect(resources('StatefulSet', 'customer-abc123-postgres')).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(resources('StatefulSet', 'customer-abc123-mosquitto')).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
    expect(resources('Deployment', 'customer-abc123-api')).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(resources('Deployment', 'customer-abc123-dashboard')).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(resources('Deployment', 'customer-abc123-exporter')).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
  });

  it('runs every pod restricted: non-root, no privilege escalation, all capabilities dropped, no API token', () => {
    for (const [kind, name] of WORKLOADS) {
      const pod = podSpec(find(objects, kind, name));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.image).not.toMatch(/:latest$/);
      }
    }
  });

  it('routes {id}.{domain}: / to the dashboard and /api to the API, never /metrics, over the Certificate customer-{id}-tls', () => {
    const ingress = find(objects, 'Ingress', 'customer-abc123');
    expect(spec(ingress).rules.map((r: { host: string }) => r.host)).toEqual(['abc123.iotistic.cloud']);
    const paths = spec(ingress).rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.path}->${p.backend.service.name}:${p.backend.service.port.number}`));
    expect(paths).toEqual(['/api->customer-abc123-api:3001', '/->customer-abc123-dashboard:80']);
    expect(paths.some((p: string) => p.startsWith('/metrics') || p.includes('exporter'))).toBe(false);
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '50m' });
    const certificate = find(objects, 'Certificate', 'customer-abc123-tls');
    expect(spec(certificate).dnsNames).toEqual(['abc123.iotistic.cloud']);
    expect(spec(ingress).tls).toEqual([{ hosts: ['abc123.iotistic.cloud'], secretName: spec(certificate).secretName }]);
  });

  it('follows customers.domain', () => {
    const other = render('running', { domain: 'iot.example.com' });
    expect(spec(find(other, 'Ingress', 'customer-abc123')).rules[0].host).toBe('abc123.iot.example.com');
    expect(spec(find(other, 'Certificate', 'customer-abc123-tls')).dnsNames).toEqual(['abc123.iot.example.com']);
  });

  it('denies by default and lets in only the ingress controller, to the dashboard and the API', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(spec(find(policies, 'NetworkPolicy', 'default-deny'))).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const controller = spec(find(policies, 'NetworkPolicy', 'allow-ingress-controller'));
    expect(controller.podSelector.matchExpressions).toEqual([{ key: 'app.kubernetes.io/component', operator: 'In', values: ['dashboard', 'api'] }]);
    expect(controller.ingress[0].ports.map((p: { port: number }) => p.port)).toEqual([8080, 3001]);
    // Every ingress rule names its peers: the namespace's own pods or the ingress controller (and its ACME solver).
    for (const policy of policies) {
      for (const rule of spec(policy).ingress ?? []) {
        for (const peer of rule.from) {
          const fromController = peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx' && peer.podSelector?.matchLabels['app.kubernetes.io/name'] === 'ingress-nginx';
          const sameNamespace = peer.namespaceSelector === undefined && JSON.stringify(peer.podSelector) === '{}';
          expect(fromController || sameNamespace, `${policy.metadata.name}: ${JSON.stringify(peer)}`).toBe(true);
        }
      }
    }
    const egress = policies.flatMap((p) => (spec(p).egress ?? []).map((rule: any) => ({ policy: p.metadata.name, rule })));
    expect(egress.map((e) => e.policy).sort()).toEqual(['allow-dns', 'allow-egress-http-https', 'allow-same-namespace']);
    expect(egress.find((e) => e.policy === 'allow-egress-http-https')!.rule.ports.map((p: { port: number }) => p.port)).toEqual([80, 443]);
    expect(egress.find((e) => e.policy === 'allow-dns')!.rule.ports.map((p: { port: number }) => p.port)).toEqual([53, 53]);
  });

  it('sets seed 002\'s quota (cpu 4, memory 4Gi, 5 claims, 10 Services) on requests and limits, and it holds the instance', () => {
    const hard = spec(find(objects, 'ResourceQuota', 'compute-and-storage')).hard;
    expect(hard).toEqual({
      'requests.cpu': '4', 'limits.cpu': '4', 'requests.memory': '4Gi', 'limits.memory': '4Gi', persistentvolumeclaims: '5', services: '10',
    });
    // Every workload at its maximum with its surge pod, plus cert-manager's HTTP-01 solver.
    const need = addFootprints(namespaceFootprint(objects), ACME_SOLVER_FOOTPRINT);
    expect(need.requestsCpu).toBe(250 + 100 + 2 * (250 + 100 + 50) + 10);
    expect(need.limitsMemory).toBe((512 + 128 + 2 * (512 + 256 + 128) + 64) * 2 ** 20);
    expect(cpuMillis(hard['requests.cpu'])).toBeGreaterThanOrEqual(need.requestsCpu);
    expect(cpuMillis(hard['limits.cpu'])).toBeGreaterThanOrEqual(need.limitsCpu);
    expect(bytes(hard['requests.memory'])).toBeGreaterThanOrEqual(need.requestsMemory);
    expect(bytes(hard['limits.memory'])).toBeGreaterThanOrEqual(need.limitsMemory);
    expect(Number(hard.persistentvolumeclaims)).toBeGreaterThanOrEqual(need.persistentVolumeClaims);
    expect(Number(hard.services)).toBeGreaterThanOrEqual(need.services);
  });

  it('passes the repository\'s checks', () => {
    expect(checkUnit(objects, 'x').findings).toEqual([]);
  });

  it('refuses an id whose StatefulSet names would break the pods\' controller-revision-hash label', () => {
    // The platform file refuses it first, naming the field; the chart refuses it too when used directly.
    expect(() => build('running', {}, 'a'.repeat(34))).toThrow(`customers.instances[0].id: "${'a'.repeat(34)}" is 34 characters; at most 33 so that the names derived from it stay within 63 characters`);
    expect(() => build('running', {}, 'a'.repeat(33))).not.toThrow();
  });
});

describe('paused customer instance', () => {
  const running = render('running');
  const paused = render('paused');

  it('scales every workload to 0 and keeps their claim templates', () => {
    for (const [kind, name] of WORKLOADS) {
      expect(spec(find(paused, kind, name)).replicas, name).toBe(0);
      expect(spec(find(running, kind, name)).replicas, name).toBe(1);
    }
    for (const name of ['customer-abc123-postgres', 'customer-abc123-mosquitto']) {
      const claims = spec(find(paused, 'StatefulSet', name)).volumeClaimTemplates;
      expect(claims).toEqual(spec(find(running, 'StatefulSet', name)).volumeClaimTemplates);
      expect(spec(find(paused, 'StatefulSet', name)).persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    }
    expect(objects(paused, 'Deployment').length + objects(paused, 'StatefulSet').length).toBe(WORKLOADS.length);
  });

  it('keeps Secrets and the Certificate, drops the Ingress', () => {
    const secrets = (state: 'running' | 'paused') => declaredSecrets(build(state)).map((s) => ({ name: s.name, keys: s.keys }));
    expect(secrets('paused')).toEqual(secrets('running'));
    expect(objects(paused, 'Ingress')).toEqual([]);
    expect(find(paused, 'Certificate', 'customer-abc123-tls')).toEqual(find(running, 'Certificate', 'customer-abc123-tls'));
    expect(find(paused, 'Namespace', 'customer-abc123').metadata.labels?.['iotistic.io/state']).toBe('paused');
    expect(spec(find(paused, 'ResourceQuota', 'compute-and-storage'))).toEqual(spec(find(running, 'ResourceQuota', 'compute-and-storage')));
  });

  it('passes the repository\'s checks', () => {
    expect(checkUnit(paused, 'x').findings).toEqual([]);
  });
});

describe('TenantNamespace fixed quota', () => {
  const chart = () => new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });
  const resources = { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } };
  const shop = (c: Chart) => new WebService(c, 'Web', {
    name: 'shop', identity: { name: 'shop', instance: 'ns', component: 'web', partOf: 'demo' }, image: 'example/shop:1.0.0', port: 8080, resources,
    health: { livenessPath: '/live', readinessPath: '/ready' }, replicas: 2,
  });

  it('writes the fixed values as given', () => {
    const c = chart();
    new TenantNamespace(c, 'Ns', { name: 'ns', quota: { fixed: { 'limits.cpu': '4', 'requests.memory': '2Gi' } } });
    shop(c);
    const quota = (c.toJson() as ManifestObject[]).find((o) => o.kind === 'ResourceQuota')!;
    expect(spec(quota).hard).toEqual({ 'limits.cpu': '4', 'requests.memory': '2Gi' });
  });

  it('fails synthesis, naming the key, when the fixed quota cannot hold the workloads at their maximum', () => {
    const c = chart();
    new TenantNamespace(c, 'Ns', { name: 'ns', quota: { fixed: { 'limits.cpu': '2', memory: '1Gi', pods: '2' } } });
    shop(c);
    // 2 replicas + 1 surge pod at limits 1 CPU each
    expect(() => c.toJson()).toThrow('namespace "ns": fixed quota limits.cpu "2" is smaller than the 3 its workloads need at their maximum');
    expect(() => c.toJson()).toThrow('fixed quota pods "2" is smaller than the 3');
    expect(() => c.toJson()).not.toThrow('memory');
  });

  it('counts headroom and rejects a value that is not a quantity', () => {
    const c = chart();
    new TenantNamespace(c, 'Ns', { name: 'ns', quota: { fixed: { services: '1' } }, quotaHeadroom: { acmeSolvers: 1 } });
    shop(c);
    expect(() => c.toJson()).toThrow('fixed quota services "1" is smaller than the 2');
    expect(() => new TenantNamespace(chart(), 'Ns', { name: 'ns', quota: { fixed: { 'limits.memory': '4GB' } } }))
      .toThrow('namespace "ns": fixed quota limits.memory "4GB" is not a Kubernetes quantity');
  });
});

describe('golden files', () => {
  it('running', async () => {
    await expect(chartYaml(build('running'))).toMatchFileSnapshot('../golden/customer.k8s.yaml');
  });

  it('paused', async () => {
    await expect(chartYaml(build('paused'))).toMatchFileSnapshot('../golden/customer-paused.k8s.yaml');
  });
});

function objects(all: readonly ManifestObject[], kind: string): ManifestObject[] {
  return all.filter((o) => o.kind === kind);
}
