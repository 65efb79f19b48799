import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  checkPodSecurity,
  namespaceLevel,
  pathInObject,
  POD_SECURITY_CHECKS,
  podTemplateOf,
  type PodSecurityLevel,
  type PodSecurityViolation,
} from '../../src/check/pod-security/index.js';
import { parsePlatform } from '../../src/platform/load.js';
import { synthPlatform } from '../../src/synth/synth.js';

/** Fixtures are mutated deep inside; loose typing keeps each case one line. */
type Json = Record<string, any>;

const hardened = (): Json => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });

/** Restricted-compliant: what the domain notes (section 4) recommend for every app container. */
function compliantPod(): { spec: Json; metadata: Json } {
  return {
    metadata: { annotations: { 'example.com/owner': 'team-a' } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/api:v1', securityContext: hardened() }],
      containers: [
        {
          name: 'api',
          image: 'ghcr.io/acme/api:v1',
          ports: [{ containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          securityContext: hardened(),
        },
      ],
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'config', configMap: { name: 'api' } },
      ],
    },
  };
}

function run(change: (spec: Json, metadata: Json) => void, level: PodSecurityLevel): PodSecurityViolation[] {
  const pod = compliantPod();
  change(pod.spec, pod.metadata);
  return checkPodSecurity(pod.spec, pod.metadata, level);
}

const brief = (violations: readonly PodSecurityViolation[]) => violations.map((v) => ({ check: v.check, path: v.path }));
const api = (spec: Json): Json => spec.containers[0];

interface Case {
  readonly name: string;
  readonly check: string;
  /** The level to evaluate at: the check's own level, unless a restricted check overrides it there. */
  readonly level: 'baseline' | 'restricted';
  readonly fail: (spec: Json, metadata: Json) => void;
  readonly path: string;
  readonly pass: (spec: Json, metadata: Json) => void;
}

/** For every upstream check: one change that fails it (exactly it) and a near change that passes. */
const CASES: readonly Case[] = [
  { name: 'privileged container', check: 'privileged', level: 'restricted', fail: (s) => (api(s).securityContext.privileged = true), path: 'containers[0].securityContext.privileged', pass: (s) => (api(s).securityContext.privileged = false) },
  { name: 'hostNetwork', check: 'hostNamespaces', level: 'restricted', fail: (s) => (s.hostNetwork = true), path: 'hostNetwork', pass: (s) => (s.hostNetwork = false) },
  { name: 'hostPID', check: 'hostNamespaces', level: 'baseline', fail: (s) => (s.hostPID = true), path: 'hostPID', pass: (s) => (s.hostPID = false) },
  { name: 'hostIPC', check: 'hostNamespaces', level: 'baseline', fail: (s) => (s.hostIPC = true), path: 'hostIPC', pass: (s) => (s.hostIPC = false) },
  { name: 'hostPath volume', check: 'hostPathVolumes', level: 'baseline', fail: (s) => s.volumes.push({ name: 'host', hostPath: { path: '/var/run' } }), path: 'volumes[2].hostPath', pass: (s) => s.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } }) },
  { name: 'hostPort', check: 'hostPorts', level: 'restricted', fail: (s) => (api(s).ports[0].hostPort = 8080), path: 'containers[0].ports[0].hostPort', pass: (s) => (api(s).ports[0].hostPort = 0) },
  { name: 'NET_RAW added', check: 'capabilities_baseline', level: 'baseline', fail: (s) => (api(s).securityContext.capabilities = { add: ['NET_RAW'] }), path: 'containers[0].securityContext.capabilities.add', pass: (s) => (api(s).securityContext.capabilities = { add: ['CHOWN', 'NET_BIND_SERVICE'] }) },
  { name: 'Unconfined seccomp', check: 'seccompProfile_baseline', level: 'baseline', fail: (s) => (api(s).securityContext.seccompProfile = { type: 'Unconfined' }), path: 'containers[0].securityContext.seccompProfile.type', pass: (s) => (api(s).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/api.json' }) },
  { name: 'AppArmor field Unconfined', check: 'appArmorProfile', level: 'restricted', fail: (s) => (s.securityContext.appArmorProfile = { type: 'Unconfined' }), path: 'securityContext.appArmorProfile.type', pass: (s) => (s.securityContext.appArmorProfile = { type: 'RuntimeDefault' }) },
  { name: 'AppArmor annotation unconfined', check: 'appArmorProfile', level: 'restricted', fail: (_s, m) => (m.annotations['container.apparmor.security.beta.kubernetes.io/api'] = 'unconfined'), path: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/api]', pass: (_s, m) => (m.annotations['container.apparmor.security.beta.kubernetes.io/api'] = 'localhost/k8s-api') },
  { name: 'SELinux type', check: 'seLinuxOptions', level: 'restricted', fail: (s) => (api(s).securityContext.seLinuxOptions = { type: 'spc_t' }), path: 'containers[0].securityContext.seLinuxOptions.type', pass: (s) => (api(s).securityContext.seLinuxOptions = { type: 'container_engine_t', level: 's0:c123,c456' }) },
  { name: 'SELinux user', check: 'seLinuxOptions', level: 'baseline', fail: (s) => (s.securityContext.seLinuxOptions = { user: 'system_u' }), path: 'securityContext.seLinuxOptions.user', pass: (s) => (s.securityContext.seLinuxOptions = { level: 's0:c1' }) },
  { name: 'Unmasked /proc', check: 'procMount', level: 'baseline', fail: (s) => (api(s).securityContext.procMount = 'Unmasked'), path: 'containers[0].securityContext.procMount', pass: (s) => (api(s).securityContext.procMount = 'Default') },
  { name: 'unsafe sysctl', check: 'sysctls', level: 'restricted', fail: (s) => (s.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]), path: 'securityContext.sysctls[0].name', pass: (s) => (s.securityContext.sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }, { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]) },
  { name: 'Windows HostProcess', check: 'windowsHostProcess', level: 'restricted', fail: (s) => (api(s).securityContext.windowsOptions = { hostProcess: true }), path: 'containers[0].securityContext.windowsOptions.hostProcess', pass: (s) => (api(s).securityContext.windowsOptions = { hostProcess: false }) },
  { name: 'probe host', check: 'hostProbesAndHostLifecycle', level: 'restricted', fail: (s) => (api(s).readinessProbe.httpGet.host = '169.254.169.254'), path: 'containers[0].readinessProbe.httpGet.host', pass: (s) => (api(s).readinessProbe.httpGet.host = '') },
  { name: 'lifecycle host', check: 'hostProbesAndHostLifecycle', level: 'baseline', fail: (s) => (api(s).lifecycle = { preStop: { tcpSocket: { host: 'kube-dns', port: 53 } } }), path: 'containers[0].lifecycle.preStop.tcpSocket.host', pass: (s) => (api(s).lifecycle = { preStop: { sleep: { seconds: 5 } } }) },
  { name: 'nfs volume', check: 'restrictedVolumes', level: 'restricted', fail: (s) => s.volumes.push({ name: 'share', nfs: { server: 'nas', path: '/x' } }), path: 'volumes[2].nfs', pass: (s) => s.volumes.push({ name: 'model', image: { reference: 'ghcr.io/acme/model:v1' } }, { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }, { name: 'defaulted' }) },
  { name: 'escalation unset', check: 'allowPrivilegeEscalation', level: 'restricted', fail: (s) => delete api(s).securityContext.allowPrivilegeEscalation, path: 'containers[0].securityContext.allowPrivilegeEscalation', pass: (s) => (api(s).securityContext.allowPrivilegeEscalation = false) },
  { name: 'escalation true', check: 'allowPrivilegeEscalation', level: 'restricted', fail: (s) => (s.initContainers[0].securityContext.allowPrivilegeEscalation = true), path: 'initContainers[0].securityContext.allowPrivilegeEscalation', pass: () => undefined },
  { name: 'ALL not dropped', check: 'capabilities_restricted', level: 'restricted', fail: (s) => (api(s).securityContext.capabilities = { drop: ['NET_RAW'] }), path: 'containers[0].securityContext.capabilities.drop', pass: (s) => (api(s).securityContext.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }) },
  { name: 'CHOWN added', check: 'capabilities_restricted', level: 'restricted', fail: (s) => (api(s).securityContext.capabilities.add = ['CHOWN']), path: 'containers[0].securityContext.capabilities.add', pass: (s) => (api(s).securityContext.capabilities.add = []) },
  { name: 'no seccomp anywhere for a container', check: 'seccompProfile_restricted', level: 'restricted', fail: (s) => { delete s.securityContext.seccompProfile; s.initContainers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' }; }, path: 'containers[0].securityContext.seccompProfile.type', pass: (s) => { delete s.securityContext.seccompProfile; for (const c of [...s.initContainers, ...s.containers]) c.securityContext.seccompProfile = { type: 'RuntimeDefault' }; } },
  { name: 'pod seccomp Unconfined', check: 'seccompProfile_restricted', level: 'restricted', fail: (s) => (s.securityContext.seccompProfile = { type: 'Unconfined' }), path: 'securityContext.seccompProfile.type', pass: (s) => (s.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' }) },
  { name: 'runAsNonRoot unset for a container', check: 'runAsNonRoot', level: 'restricted', fail: (s) => { delete s.securityContext.runAsNonRoot; s.initContainers[0].securityContext.runAsNonRoot = true; }, path: 'containers[0].securityContext.runAsNonRoot', pass: (s) => { delete s.securityContext.runAsNonRoot; for (const c of [...s.initContainers, ...s.containers]) c.securityContext.runAsNonRoot = true; } },
  { name: 'runAsNonRoot false on the pod', check: 'runAsNonRoot', level: 'restricted', fail: (s) => (s.securityContext.runAsNonRoot = false), path: 'securityContext.runAsNonRoot', pass: (s) => (api(s).securityContext.runAsNonRoot = true) },
  { name: 'runAsUser 0', check: 'runAsUser', level: 'restricted', fail: (s) => (api(s).securityContext.runAsUser = 0), path: 'containers[0].securityContext.runAsUser', pass: (s) => (api(s).securityContext.runAsUser = 1000) },
  { name: 'Unmasked /proc at restricted', check: 'procMount_restricted', level: 'restricted', fail: (s) => (api(s).securityContext.procMount = 'Unmasked'), path: 'containers[0].securityContext.procMount', pass: (s) => delete api(s).securityContext.procMount },
];

describe('Pod Security checks, one by one', () => {
  it('has a failing and a passing fixture for every upstream check', () => {
    expect(new Set(CASES.map((c) => c.check))).toEqual(new Set(POD_SECURITY_CHECKS.map((c) => c.id)));
  });

  it('mirrors the upstream check ids, levels and overrides of the latest policy', () => {
    expect(POD_SECURITY_CHECKS.map((c) => [c.id, c.level, c.overrides ?? []])).toEqual([
      ['privileged', 'baseline', []],
      ['hostNamespaces', 'baseline', []],
      ['hostPathVolumes', 'baseline', []],
      ['hostPorts', 'baseline', []],
      ['capabilities_baseline', 'baseline', []],
      ['seccompProfile_baseline', 'baseline', []],
      ['appArmorProfile', 'baseline', []],
      ['seLinuxOptions', 'baseline', []],
      ['procMount', 'baseline', []],
      ['sysctls', 'baseline', []],
      ['windowsHostProcess', 'baseline', []],
      ['hostProbesAndHostLifecycle', 'baseline', []],
      ['restrictedVolumes', 'restricted', ['hostPathVolumes']],
      ['allowPrivilegeEscalation', 'restricted', []],
      ['capabilities_restricted', 'restricted', ['capabilities_baseline']],
      ['seccompProfile_restricted', 'restricted', ['seccompProfile_baseline']],
      ['runAsNonRoot', 'restricted', []],
      ['runAsUser', 'restricted', []],
      ['procMount_restricted', 'restricted', ['procMount']],
    ]);
  });

  it('passes a restricted-compliant pod at every level', () => {
    for (const level of ['privileged', 'baseline', 'restricted'] as const) expect(run(() => undefined, level)).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.check}: ${c.name} fails with exactly that check, at ${c.path}`, () => {
      const violations = run(c.fail, c.level);
      expect(brief(violations)).toEqual([{ check: c.check, path: c.path }]);
      const check = POD_SECURITY_CHECKS.find((x) => x.id === c.check);
      expect(violations[0]?.level).toBe(check?.level);
      expect(violations[0]?.message).not.toBe('');
      expect(violations[0]?.hint).not.toBe('');
    });

    it(`${c.check}: ${c.name} — the near fix passes`, () => {
      expect(brief(run(c.pass, c.level))).toEqual([]);
    });
  }

  it('says what upstream says', () => {
    const [violation] = run((s) => delete api(s).securityContext.allowPrivilegeEscalation, 'restricted');
    expect(violation).toEqual({
      check: 'allowPrivilegeEscalation',
      level: 'restricted',
      path: 'containers[0].securityContext.allowPrivilegeEscalation',
      message: 'container "api" must set securityContext.allowPrivilegeEscalation=false',
      hint: 'set securityContext.allowPrivilegeEscalation: false',
    });
    expect(run((s) => (s.securityContext.runAsNonRoot = false), 'restricted')[0]?.message).toBe('pod must not set securityContext.runAsNonRoot=false');
    expect(run((s) => (api(s).securityContext.capabilities = {}), 'restricted')[0]?.message).toBe('container "api" must set securityContext.capabilities.drop=["ALL"]');
  });
});

describe('levels', () => {
  /** A pod with no security settings at all: fine for baseline, four restricted checks for restricted. */
  const plain = { containers: [{ name: 'app', image: 'nginx' }] };

  it('reports no restricted-only check at baseline', () => {
    expect(checkPodSecurity(plain, undefined, 'baseline')).toEqual([]);
    const restrictedOnly = new Set(POD_SECURITY_CHECKS.filter((c) => c.level === 'restricted').map((c) => c.id));
    for (const c of CASES) expect(run(c.fail, 'baseline').filter((v) => restrictedOnly.has(v.check))).toEqual([]);
  });

  it('reports the restricted checks an unhardened pod misses', () => {
    expect(brief(checkPodSecurity(plain, undefined, 'restricted'))).toEqual([
      { check: 'allowPrivilegeEscalation', path: 'containers[0].securityContext.allowPrivilegeEscalation' },
      { check: 'capabilities_restricted', path: 'containers[0].securityContext.capabilities.drop' },
      { check: 'seccompProfile_restricted', path: 'containers[0].securityContext.seccompProfile.type' },
      { check: 'runAsNonRoot', path: 'containers[0].securityContext.runAsNonRoot' },
    ]);
  });

  it('reports nothing at privileged', () => {
    const wild = { hostNetwork: true, containers: [{ name: 'x', securityContext: { privileged: true, runAsUser: 0 } }], volumes: [{ name: 'h', hostPath: { path: '/' } }] };
    expect(checkPodSecurity(wild, undefined, 'privileged')).toEqual([]);
    expect(brief(checkPodSecurity(wild, undefined, 'baseline')).map((v) => v.check)).toEqual(['privileged', 'hostNamespaces', 'hostPathVolumes']);
  });

  it('replaces overridden baseline checks with their restricted versions at restricted', () => {
    expect(brief(run((s) => s.volumes.push({ name: 'host', hostPath: { path: '/' } }), 'restricted'))).toEqual([{ check: 'restrictedVolumes', path: 'volumes[2].hostPath' }]);
    expect(brief(run((s) => (api(s).securityContext.capabilities.add = ['NET_RAW']), 'restricted'))).toEqual([{ check: 'capabilities_restricted', path: 'containers[0].securityContext.capabilities.add' }]);
    expect(brief(run((s) => (api(s).securityContext.seccompProfile = { type: 'Unconfined' }), 'restricted'))).toEqual([{ check: 'seccompProfile_restricted', path: 'containers[0].securityContext.seccompProfile.type' }]);
    expect(brief(run((s) => (api(s).securityContext.procMount = 'Unmasked'), 'baseline'))).toEqual([{ check: 'procMount', path: 'containers[0].securityContext.procMount' }]);
  });
});

describe('user namespaces (hostUsers: false) and Windows pods', () => {
  const rootish = (s: Json) => {
    s.securityContext.runAsNonRoot = false;
    s.securityContext.runAsUser = 0;
    api(s).securityContext.runAsUser = 0;
  };

  it('skips runAsNonRoot and runAsUser for a pod in a user namespace, as policy 1.35+ does', () => {
    expect(run((s) => { rootish(s); s.hostUsers = false; }, 'restricted')).toEqual([]);
    expect(run((s) => { delete s.securityContext.runAsNonRoot; s.hostUsers = false; }, 'restricted')).toEqual([]);
  });

  it('still applies them with hostUsers true or unset', () => {
    const checks = (hostUsers: boolean | undefined) => run((s) => { rootish(s); if (hostUsers !== undefined) s.hostUsers = hostUsers; }, 'restricted').map((v) => v.check);
    expect(checks(true)).toEqual(['runAsNonRoot', 'runAsUser', 'runAsUser']);
    expect(checks(undefined)).toEqual(['runAsNonRoot', 'runAsUser', 'runAsUser']);
  });

  it('relaxes procMount at baseline only; restricted still forbids Unmasked', () => {
    const unmasked = (s: Json) => { s.hostUsers = false; api(s).securityContext.procMount = 'Unmasked'; };
    expect(run(unmasked, 'baseline')).toEqual([]);
    expect(brief(run(unmasked, 'restricted'))).toEqual([{ check: 'procMount_restricted', path: 'containers[0].securityContext.procMount' }]);
  });

  it('relaxes nothing else: capabilities, escalation and seccomp still apply', () => {
    const plainUserns = { hostUsers: false, containers: [{ name: 'app' }] };
    expect(checkPodSecurity(plainUserns, undefined, 'restricted').map((v) => v.check)).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });

  it('exempts Windows pods from the Linux-only restricted checks (policy 1.25+)', () => {
    const windows = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] };
    expect(checkPodSecurity(windows, undefined, 'restricted')).toEqual([]);
    expect(checkPodSecurity({ ...windows, os: { name: 'linux' } }, undefined, 'restricted').map((v) => v.check)).toEqual(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });
});

describe('containers and inputs', () => {
  it('checks init, regular and ephemeral containers, by name', () => {
    const spec = {
      initContainers: [{ name: 'init', securityContext: { privileged: true } }],
      containers: [{ name: 'main', securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }],
    };
    expect(checkPodSecurity(spec, undefined, 'baseline').map((v) => [v.path, v.message])).toEqual([
      ['initContainers[0].securityContext.privileged', 'container "init" must not set securityContext.privileged=true'],
      ['containers[0].securityContext.privileged', 'container "main" must not set securityContext.privileged=true'],
      ['ephemeralContainers[0].securityContext.privileged', 'container "debug" must not set securityContext.privileged=true'],
    ]);
  });

  it('reports one violation per offending field', () => {
    const violations = run((s) => {
      api(s).ports.push({ containerPort: 9090, hostPort: 9090 }, { containerPort: 9091, hostPort: 9091 });
      s.hostNetwork = true;
      s.hostPID = true;
    }, 'baseline');
    expect(brief(violations)).toEqual([
      { check: 'hostNamespaces', path: 'hostNetwork' },
      { check: 'hostNamespaces', path: 'hostPID' },
      { check: 'hostPorts', path: 'containers[0].ports[1].hostPort' },
      { check: 'hostPorts', path: 'containers[0].ports[2].hostPort' },
    ]);
  });

  it('never throws, whatever the JSON', () => {
    const spec = fc.oneof(
      fc.anything(),
      fc.record({ containers: fc.anything(), initContainers: fc.array(fc.anything()), securityContext: fc.anything(), volumes: fc.array(fc.anything()), hostUsers: fc.anything(), os: fc.anything() }, { requiredKeys: [] }),
      fc.record({ containers: fc.array(fc.record({ name: fc.anything(), securityContext: fc.anything(), ports: fc.anything(), livenessProbe: fc.anything(), lifecycle: fc.anything() }, { requiredKeys: [] })) }),
    );
    fc.assert(
      fc.property(spec, fc.anything(), fc.constantFrom<PodSecurityLevel>('privileged', 'baseline', 'restricted'), (podSpec, metadata, level) => {
        expect(Array.isArray(checkPodSecurity(podSpec, metadata as { annotations?: Record<string, string> }, level))).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(checkPodSecurity(undefined, undefined, 'restricted')).toEqual([]);
    expect(checkPodSecurity({ containers: [null, 'x', 3] }, { annotations: null as unknown as Record<string, string> }, 'restricted')).toEqual([]);
  });

  it('treats JSON null as unset, like a nil pointer', () => {
    expect(run((s) => { s.hostNetwork = null; api(s).securityContext.procMount = null; s.volumes.push({ name: 'x', hostPath: null, emptyDir: {} }); }, 'restricted')).toEqual([]);
  });
});

describe('podTemplateOf', () => {
  const template = { metadata: { labels: { app: 'a' }, annotations: { x: 'y' } }, spec: { containers: [{ name: 'a' }] } };

  it.each([
    ['Deployment', { spec: { template } }, 'spec.template.spec'],
    ['StatefulSet', { spec: { template } }, 'spec.template.spec'],
    ['DaemonSet', { spec: { template } }, 'spec.template.spec'],
    ['ReplicaSet', { spec: { template } }, 'spec.template.spec'],
    ['Job', { spec: { template } }, 'spec.template.spec'],
    ['CronJob', { spec: { jobTemplate: { spec: { template } } } }, 'spec.jobTemplate.spec.template.spec'],
  ])('finds the pod template of a %s', (kind, body, path) => {
    expect(podTemplateOf({ kind, ...body })).toEqual({ spec: template.spec, metadata: { annotations: { x: 'y' } }, path });
  });

  it('finds the spec of a Pod, with its annotations', () => {
    expect(podTemplateOf({ kind: 'Pod', metadata: { name: 'p', annotations: { a: 'b' } }, spec: template.spec })).toEqual({ spec: template.spec, metadata: { annotations: { a: 'b' } }, path: 'spec' });
  });

  it('returns undefined for kinds without a pod template, and tolerates a missing template', () => {
    for (const kind of ['Service', 'ConfigMap', 'Namespace', 'HorizontalPodAutoscaler']) expect(podTemplateOf({ kind, spec: { template } })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Deployment' })).toEqual({ spec: undefined, metadata: undefined, path: 'spec.template.spec' });
  });

  it('places violation paths in the whole object, annotations beside the spec', () => {
    expect(pathInObject('spec.jobTemplate.spec.template.spec', 'containers[0].image')).toBe('spec.jobTemplate.spec.template.spec.containers[0].image');
    expect(pathInObject('spec.template.spec', 'metadata.annotations[a/b]')).toBe('spec.template.metadata.annotations[a/b]');
    expect(pathInObject('spec', 'metadata.annotations[a/b]')).toBe('metadata.annotations[a/b]');
  });
});

describe('namespaceLevel', () => {
  const ns = (labels?: Record<string, string>) => ({ metadata: { name: 'tenant-acme', labels } });

  it('reads pod-security.kubernetes.io/enforce', () => {
    expect(namespaceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'baseline' }))).toBe('baseline');
    expect(namespaceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'privileged' }))).toBe('privileged');
    expect(namespaceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'restricted' }))).toBe('restricted');
  });

  it('defaults to restricted: no namespace, no label, only warn/audit labels, or a value admission cannot parse', () => {
    expect(namespaceLevel(undefined)).toBe('restricted');
    expect(namespaceLevel(ns())).toBe('restricted');
    expect(namespaceLevel(ns({ 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/audit': 'baseline' }))).toBe('restricted');
    expect(namespaceLevel(ns({ 'pod-security.kubernetes.io/enforce': 'Baseline' }))).toBe('restricted');
  });
});

describe('the default platform synth', () => {
  const platformFile = fileURLToPath(new URL('../../platform.yaml', import.meta.url));
  const result = synthPlatform(parsePlatform(readFileSync(platformFile, 'utf8'), 'platform.yaml'));
  const objects = result.files.flatMap((file) => parseAllDocuments(file.content).map((doc) => ({ file: file.path, object: doc.toJS() as Json })));
  const namespaces = new Map<string, { metadata: { labels?: Record<string, string> } }>(
    objects.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => [object.metadata.name as string, object as { metadata: { labels?: Record<string, string> } }]),
  );
  const templates = objects.flatMap(({ file, object }) => {
    const template = podTemplateOf(object as { kind: string; spec?: unknown });
    return template ? [{ file, object, template }] : [];
  });

  it('has pod templates to check, each in a namespace the synth declares', () => {
    expect(templates.length).toBeGreaterThan(0);
    for (const { object } of templates) expect(namespaces.has(object.metadata.namespace), `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`).toBe(true);
  });

  it('passes the Pod Security level of its namespace with every pod template', () => {
    const violations = templates.flatMap(({ file, object, template }) => {
      const level = namespaceLevel(namespaces.get(object.metadata.namespace));
      return checkPodSecurity(template.spec, template.metadata, level).map(
        (v) => `${file}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name} ${pathInObject(template.path, v.path)} [${level}: ${v.check}] ${v.message}`,
      );
    });
    expect(violations).toEqual([]);
  });
});
