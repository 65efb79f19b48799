import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PodRecycler, bytes, declaredSecrets, type ManifestObject, type PodRecyclerProps } from '../../constructs/index.js';
import { HelpManagerChart } from '../../src/charts/helpmanager-chart.js';
import { checkUnit } from '../../src/check/check.js';
import { SECRET_LOOKING_NAME } from '../../src/check/rules/secrets.js';
import { definePlatform } from '../../src/platform/load.js';
import type { PlatformInput } from '../../src/platform/schema.js';
import { chartYaml } from '../../src/testing/index.js';
import { find, matchesSelector, podSpec, spec } from '../support/fleet.js';

const NAMESPACE = 'helperiance-manager';
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

type HelpManagerInput = NonNullable<PlatformInput['helpManager']>;
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }
interface Rule { apiGroups: string[]; resources: string[]; verbs: string[] }

const chartOf = (helpManager: HelpManagerInput = {}) => new HelpManagerChart(new App(), NAMESPACE, { platform: definePlatform({ helpManager }) });
const render = (helpManager: HelpManagerInput = {}) => chartOf(helpManager).toJson() as ManifestObject[];
const container = (objects: ManifestObject[], kind: string, name: string) => podSpec(find(objects, kind, name, NAMESPACE)).containers[0];
const envOf = (c: { env?: EnvVar[] }) => new Map((c.env ?? []).map((e) => [e.name, e]));
const rulesOf = (object: ManifestObject) => (object as unknown as { rules: Rule[] }).rules;
const jobPod = (cronJob: ManifestObject) => spec(cronJob).jobTemplate.spec.template;

describe('HelpManager chart (seed 000)', () => {
  const objects = render();

  it('puts every namespaced object in helperiance-manager, restricted, with the helpmanager chart labels', () => {
    const namespace = find(objects, 'Namespace', NAMESPACE);
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    for (const object of objects) {
      const where = `${object.kind}/${object.metadata.name}`;
      expect(object.metadata.namespace, where).toBe(CLUSTER_SCOPED.has(object.kind) ? undefined : NAMESPACE);
      expect(object.metadata.labels, where).toMatchObject({
        'app.kubernetes.io/part-of': 'helpmanager', 'app.kubernetes.io/managed-by': 'saas-charts', 'app.kubernetes.io/instance': NAMESPACE,
      });
    }
  });

  it('denies all traffic by default and opens DNS, the namespace, and 443/587/6443 egress for the app only', () => {
    expect(spec(find(objects, 'NetworkPolicy', 'default-deny'))).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    find(objects, 'NetworkPolicy', 'allow-dns');
    find(objects, 'NetworkPolicy', 'allow-same-namespace');
    const egress = spec(find(objects, 'NetworkPolicy', 'allow-app-egress'));
    expect(egress.egress[0].ports.map((p: { port: number }) => p.port)).toEqual([443, 587, 6443]);
    const appLabels = spec(find(objects, 'Deployment', 'app')).template.metadata.labels;
    const cassandraLabels = spec(find(objects, 'Deployment', 'cassandra')).template.metadata.labels;
    expect(matchesSelector(appLabels, toSelector(egress.podSelector.matchLabels))).toBe(true);
    expect(matchesSelector(cassandraLabels, toSelector(egress.podSelector.matchLabels))).toBe(false);
  });

  it('opens the configured mail port and the ports of non-default URLs', () => {
    const egress = spec(find(render({ config: { mailPort: 465, gitRepository: 'https://git.example.com:8443/bricks.git' } }), 'NetworkPolicy', 'allow-app-egress'));
    expect(egress.egress[0].ports.map((p: { port: number }) => p.port)).toEqual([443, 465, 6443, 8443]);
  });

  describe('deployment/app', () => {
    const app = container(objects, 'Deployment', 'app');
    const pod = podSpec(find(objects, 'Deployment', 'app'));

    it('runs the pinned image with the configured replicas', () => {
      expect(app.image).toBe('helperiance/helperiance-manager:1.0.9');
      expect(spec(find(objects, 'Deployment', 'app')).replicas).toBe(1);
      expect(spec(find(render({ replicas: 2 }), 'Deployment', 'app')).replicas).toBe(2);
    });

    it('is configured for Cassandra at cassandra:9042, mail, the DNS API, Memberpress and Git', () => {
      const env = envOf(app);
      expect(`${env.get('CASSANDRA_HOST')?.value}:${env.get('CASSANDRA_PORT')?.value}`).toBe('cassandra:9042');
      expect(Object.fromEntries([...env].filter(([, e]) => e.value !== undefined).map(([name, e]) => [name, e.value]))).toMatchObject({
        MAIL_HOST: 'smtp.monacocloud.io',
        MAIL_PORT: '587',
        MAIL_FROM: 'noreply@monacocloud.io',
        DNS_API_URL: 'https://api.cloudflare.com/client/v4',
        MEMBERPRESS_URL: 'https://monacocloud.io/wp-json/mp/v1',
        GIT_REPOSITORY: 'https://github.com/your-org/monacocloud-bricks',
        GIT_BRANCH: 'main',
      });
      const custom = envOf(container(render({ config: { mailHost: 'mail.example.com', gitBranch: 'bricks' } }), 'Deployment', 'app'));
      expect(custom.get('MAIL_HOST')?.value).toBe('mail.example.com');
      expect(custom.get('GIT_BRANCH')?.value).toBe('bricks');
    });

    it('reads every credential from Secret app-secrets through secretKeyRef, never a literal', () => {
      const credentials = ['MAIL_USERNAME', 'MAIL_PASSWORD', 'DNS_API_TOKEN', 'CASSANDRA_USERNAME', 'CASSANDRA_PASSWORD', 'MEMBERPRESS_API_KEY', 'GIT_TOKEN', 'HELPMANAGER_API_TOKEN'];
      const env = envOf(app);
      const secretLooking = [...env.keys()].filter((name) => SECRET_LOOKING_NAME.test(name));
      expect(secretLooking.length).toBeGreaterThan(0);
      for (const name of new Set([...credentials, ...secretLooking])) {
        const variable = env.get(name);
        expect(variable?.value, name).toBeUndefined();
        expect(variable?.valueFrom?.secretKeyRef?.name, name).toBe('app-secrets');
      }
      const [secret] = declaredSecrets(chartOf());
      expect(secret.name).toBe('app-secrets');
      const declared = new Set(secret.keys.map((k) => k.key));
      expect(declared.size).toBe(credentials.length);
      for (const name of credentials) expect(declared.has(env.get(name)!.valueFrom!.secretKeyRef!.key), name).toBe(true);
      expect(secret.keys.every((k) => k.source === 'supplied')).toBe(true);
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    });

    it('mounts kube-deploy at /app/kube-deploy from an emptyDir', () => {
      const mount = app.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/app/kube-deploy');
      expect(pod.volumes.find((v: { name: string }) => v.name === mount.name)).toEqual({ name: 'kube-deploy', emptyDir: {} });
    });

    it('probes the app port 8080 over TCP, with a startup budget, and sets requests and limits', () => {
      expect(app.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(app[probe].tcpSocket, probe).toEqual({ port: 'http' });
      expect(app.resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
      expect(app.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
      const resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } };
      expect(container(render({ resources }), 'Deployment', 'app').resources).toEqual(resources);
    });

    it('runs restricted and mounts an API token for its own ServiceAccount only', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(app.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(pod.serviceAccountName).toBe('helperiance-manager');
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(podSpec(find(objects, 'Deployment', 'cassandra')).automountServiceAccountToken).toBe(false);
      expect((find(objects, 'ServiceAccount', 'helperiance-manager') as unknown as { automountServiceAccountToken: boolean }).automountServiceAccountToken).toBe(false);
    });
  });

  describe('brick management RBAC', () => {
    const role = find(objects, 'ClusterRole', 'helperiance-manager');
    const verbsFor = (group: string, resource: string) => new Set(rulesOf(role).filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource)).flatMap((r) => r.verbs));
    const manage = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

    it('binds a ClusterRole to the app ServiceAccount', () => {
      const binding = find(objects, 'ClusterRoleBinding', 'helperiance-manager') as unknown as { roleRef: { kind: string; name: string }; subjects: unknown[] };
      expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'helperiance-manager' });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'helperiance-manager', namespace: NAMESPACE }]);
    });

    it('manages namespaces and every kind a brick has', () => {
      const kinds: [string, string][] = [
        ['', 'namespaces'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['', 'services'], ['', 'secrets'], ['', 'configmaps'],
        ['', 'persistentvolumeclaims'], ['networking.k8s.io', 'ingresses'], ['networking.k8s.io', 'networkpolicies'], ['', 'resourcequotas'],
        ['', 'limitranges'], ['batch', 'cronjobs'], ['cert-manager.io', 'certificates'],
      ];
      for (const [group, resource] of kinds) expect([...verbsFor(group, resource)].sort(), `${group}/${resource}`).toEqual([...manage].sort());
    });

    it('only reads pods and patches the scale of deployments and statefulsets to pause', () => {
      expect([...verbsFor('', 'pods')].sort()).toEqual(['get', 'list']);
      expect([...verbsFor('apps', 'deployments/scale')]).toEqual(['patch']);
      expect([...verbsFor('apps', 'statefulsets/scale')]).toEqual(['patch']);
    });

    it('grants no wildcard in any role', () => {
      for (const object of objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')) {
        for (const rule of rulesOf(object)) {
          expect([...rule.apiGroups, ...rule.resources, ...rule.verbs], object.metadata.name).not.toContain('*');
        }
      }
    });
  });

  describe('cassandra', () => {
    const deployment = find(objects, 'Deployment', 'cassandra', NAMESPACE);
    const cassandra = container(objects, 'Deployment', 'cassandra');
    const env = envOf(cassandra);

    it('is one Recreate replica on the existing claim cassandra-pvc (NFS storage class)', () => {
      expect(spec(deployment).replicas).toBe(1);
      expect(spec(deployment).strategy).toEqual({ type: 'Recreate' });
      const claim = find(objects, 'PersistentVolumeClaim', 'cassandra-pvc', NAMESPACE);
      expect(spec(claim)).toMatchObject({ storageClassName: 'nfs-csi', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
      expect(claim.metadata.annotations).toMatchObject({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
      const volume = podSpec(deployment).volumes.find((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === 'cassandra-pvc');
      expect(cassandra.volumeMounts).toContainEqual({ name: volume.name, mountPath: '/var/lib/cassandra' });
      expect(cassandra.image).toBe('helperiance/cassandra:5.0.0');
    });

    it('is reached through Service cassandra on 9042', () => {
      const service = spec(find(objects, 'Service', 'cassandra', NAMESPACE));
      expect(service.ports).toEqual([{ name: 'cql', port: 9042, targetPort: 'cql', protocol: 'TCP' }]);
      expect(service.selector).toEqual(spec(deployment).selector.matchLabels);
      expect(cassandra.ports).toContainEqual({ name: 'cql', containerPort: 9042, protocol: 'TCP' });
    });

    it('sets MAX_HEAP_SIZE without HEAP_NEWSIZE, the cluster name, and POD_IP from the downward API', () => {
      expect(env.get('MAX_HEAP_SIZE')?.value).toBe('1G');
      expect(env.has('HEAP_NEWSIZE')).toBe(false);
      expect(env.get('CASSANDRA_CLUSTER_NAME')?.value).toBeTruthy();
      expect(env.get('POD_IP')?.valueFrom?.fieldRef?.fieldPath).toBe('status.podIP');
    });

    it('limits memory to about twice the heap, following maxHeapSize', () => {
      expect(bytes(cassandra.resources.limits.memory)).toBe(2 * 2 ** 30);
      expect(cassandra.resources.requests.memory).toBe(cassandra.resources.limits.memory);
      const bigger = container(render({ cassandra: { maxHeapSize: '2G' } }), 'Deployment', 'cassandra');
      expect(envOf(bigger).get('MAX_HEAP_SIZE')?.value).toBe('2G');
      expect(bigger.resources.limits.memory).toBe('4Gi');
      expect(() => render({ cassandra: { maxHeapSize: '2G', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } } }))
        .toThrow('helpManager.cassandra.resources.limits.memory "2Gi" must exceed maxHeapSize "2G"');
    });

    it('is ready when nodetool reports its own IP Up/Normal, with generous timeouts, a liveness probe and a long startup budget', () => {
      const readiness = cassandra.readinessProbe;
      const command = readiness.exec.command.join(' ');
      expect(command).toContain('nodetool status');
      expect(command).toContain('${POD_IP}');
      expect(command).toContain('^UN');
      expect(readiness.timeoutSeconds).toBeGreaterThanOrEqual(30);
      expect(cassandra.livenessProbe).toBeDefined();
      const startup = cassandra.startupProbe;
      expect(startup.periodSeconds * startup.failureThreshold).toBeGreaterThanOrEqual(600);
    });

    it('drains on stop with a long grace period, runs as uid/gid 999 with a writable root file system', () => {
      expect(cassandra.lifecycle.preStop.exec.command).toEqual(['nodetool', 'drain']);
      const pod = podSpec(deployment);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
      expect(cassandra.securityContext).toMatchObject({ readOnlyRootFilesystem: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });

    it('follows the storage settings', () => {
      const claim = spec(find(render({ cassandra: { storage: '50Gi', storageClass: 'nfs-fast' } }), 'PersistentVolumeClaim', 'cassandra-pvc'));
      expect(claim).toMatchObject({ storageClassName: 'nfs-fast', resources: { requests: { storage: '50Gi' } } });
    });
  });

  describe('cronjob/delete-helperiance-pod-daily', () => {
    const cronJob = find(objects, 'CronJob', 'delete-helperiance-pod-daily', NAMESPACE);
    const pod = jobPod(cronJob);
    const kubectl = pod.spec.containers[0];

    it('runs at midnight UTC, one run at a time, with bounded retries and cleanup', () => {
      expect(spec(cronJob)).toMatchObject({ schedule: '0 0 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      expect(spec(cronJob).jobTemplate.spec.backoffLimit).toBeGreaterThan(0);
      expect(spec(cronJob).jobTemplate.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
      expect(spec(find(render({ podRecycler: { schedule: '30 3 * * *' } }), 'CronJob', 'delete-helperiance-pod-daily')).schedule).toBe('30 3 * * *');
    });

    it('runs the pinned kubectl binary directly (no shell) to delete the app pods', () => {
      expect(kubectl.image).toBe('registry.k8s.io/kubectl:v1.31.4');
      expect(kubectl.command).toEqual(['/bin/kubectl']);
      expect(kubectl.args.slice(0, 2)).toEqual(['delete', 'pods']);
      expect(kubectl.args).toContain(`--namespace=${NAMESPACE}`);
      const selector = (kubectl.args as string[]).find((a) => a.startsWith('--selector='))!.slice('--selector='.length);
      expect(selector).toContain('app.kubernetes.io/name=helperiance-manager');
      expect(matchesSelector(spec(find(objects, 'Deployment', 'app')).template.metadata.labels, selector)).toBe(true);
      expect(matchesSelector(spec(find(objects, 'Deployment', 'cassandra')).template.metadata.labels, selector)).toBe(false);
      expect(matchesSelector(pod.metadata.labels, selector)).toBe(false);
    });

    it('has its own ServiceAccount, a Role with pods get/list/delete in this namespace only, and a RoleBinding', () => {
      const account = pod.spec.serviceAccountName;
      expect(account).not.toBe('helperiance-manager');
      expect(pod.spec.automountServiceAccountToken).toBe(true);
      find(objects, 'ServiceAccount', account, NAMESPACE);
      const role = find(objects, 'Role', account, NAMESPACE);
      expect(rulesOf(role)).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }]);
      const binding = find(objects, 'RoleBinding', account, NAMESPACE) as unknown as { roleRef: unknown; subjects: unknown[] };
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: account });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account, namespace: NAMESPACE }]);
      const clusterSubjects = objects.filter((o) => o.kind === 'ClusterRoleBinding').flatMap((o) => (o as unknown as { subjects: { name: string }[] }).subjects);
      expect(clusterSubjects.map((s) => s.name)).not.toContain(account);
    });

    it('may reach the Kubernetes API', () => {
      const egress = spec(find(objects, 'NetworkPolicy', 'allow-pod-recycler-egress-api'));
      expect(matchesSelector(pod.metadata.labels, toSelector(egress.podSelector.matchLabels))).toBe(true);
      expect(egress.egress[0].ports.map((p: { port: number }) => p.port)).toEqual([443, 6443]);
    });

    it('runs restricted with HOME=/tmp on an emptyDir and with requests and limits', () => {
      expect(envOf(kubectl).get('HOME')?.value).toBe('/tmp');
      const tmp = kubectl.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
      expect(pod.spec.volumes).toContainEqual({ name: tmp.name, emptyDir: {} });
      expect(pod.spec.restartPolicy).toBe('Never');
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(kubectl.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(kubectl.resources.requests).toBeDefined();
      expect(kubectl.resources.limits).toBeDefined();
    });
  });

  it('scrapes the app with a PodMonitor only when helpManager.podMonitor is set', () => {
    expect(objects.filter((o) => o.kind === 'PodMonitor')).toEqual([]);
    const monitored = render({ podMonitor: true });
    const monitor = spec(find(monitored, 'PodMonitor', 'app', NAMESPACE));
    expect(matchesSelector(spec(find(monitored, 'Deployment', 'app')).template.metadata.labels, toSelector(monitor.selector.matchLabels))).toBe(true);
    expect(monitor.podMetricsEndpoints[0].port).toBe('http');
  });

  it.each([
    ['defaults', {}],
    ['podMonitor, two replicas, custom mail port', { podMonitor: true, replicas: 2, config: { mailPort: 465 } }],
  ] as [string, HelpManagerInput][])('passes the repository checks (%s)', (_name, input) => {
    expect(checkUnit(render(input), 'x').findings).toEqual([]);
  });

  it('needs a helpManager section', () => {
    expect(() => new HelpManagerChart(new App(), NAMESPACE, { platform: definePlatform({}) })).toThrow('the platform file has no helpManager section');
  });

  it('matches the golden file', async () => {
    await expect(chartYaml(chartOf())).toMatchFileSnapshot('../golden/helpmanager.k8s.yaml');
  });
});

describe('PodRecycler', () => {
  const props: PodRecyclerProps = {
    name: 'recycle-web',
    namespace: 'ns',
    identity: { name: 'recycler', component: 'recycler', instance: 'ns', partOf: 'demo' },
    podSelector: { 'app.kubernetes.io/name': 'web' },
    schedule: '0 4 * * *',
    image: 'registry.k8s.io/kubectl:v1.31.4',
  };
  const chart = () => new Chart(new App(), 'test', { namespace: 'ns', disableResourceNameHashes: true });

  it('names the ServiceAccount, Role and RoleBinding after the CronJob unless told otherwise', () => {
    const c = chart();
    const recycler = new PodRecycler(c, 'Recycler', { ...props, serviceAccountName: 'reaper' });
    expect(recycler.serviceAccountName).toBe('reaper');
    const kinds = (c.toJson() as ManifestObject[]).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['ServiceAccount/reaper', 'Role/reaper', 'RoleBinding/reaper', 'CronJob/recycle-web']));
  });

  it('refuses an empty selector, a selector matching its own pods and an unpinned image', () => {
    expect(() => new PodRecycler(chart(), 'R', { ...props, podSelector: {} })).toThrow('pod recycler "recycle-web": podSelector is empty; it would delete every pod of namespace ns');
    expect(() => new PodRecycler(chart(), 'R', { ...props, podSelector: { 'app.kubernetes.io/name': 'recycler' } })).toThrow('matches the recycler\'s own pods');
    expect(() => new PodRecycler(chart(), 'R', { ...props, podSelector: { app: 'a,b' } })).toThrow('selector "app=a,b" is not a label key and value');
    expect(() => new PodRecycler(chart(), 'R', { ...props, image: 'registry.k8s.io/kubectl:latest' })).toThrow('image "registry.k8s.io/kubectl:latest" is not pinned');
    expect(() => new PodRecycler(chart(), 'R', { ...props, image: 'registry.k8s.io/kubectl' })).toThrow('is not pinned');
  });
});

function toSelector(labels: Record<string, string>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}
