/** Rules on pod templates: resources, probes, images, service account tokens. */
import { imageProblem } from '../../platform/fields.js';
import { containersOf } from '../context.js';
import type { UnitRule } from '../rule.js';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);

export const resourcesRule: UnitRule = {
  id: 'resources/requests-and-limits',
  scope: 'unit',
  severity: 'error',
  title: 'every container declares CPU and memory requests and limits',
  hint: 'set resources.requests and resources.limits for cpu and memory',
  check(unit, report) {
    for (const template of unit.podTemplates) {
      for (const { container, path } of containersOf(template.spec)) {
        const missing = (['requests', 'limits'] as const).flatMap((side) => ['cpu', 'memory'].filter((key) => !container.resources?.[side]?.[key]).map((key) => `${side}.${key}`));
        if (missing.length > 0) report(template.owner, `container "${container.name}" has no ${missing.join(', ')}`, { path: `${template.path}.${path}.resources` });
      }
    }
  },
};

export const probesRule: UnitRule = {
  id: 'probes/readiness-and-liveness',
  scope: 'unit',
  severity: 'error',
  title: 'long-running containers have readiness and liveness probes',
  hint: 'add readinessProbe (gates traffic) and livenessProbe (restarts a hung process)',
  check(unit, report) {
    for (const template of unit.podTemplates.filter((t) => LONG_RUNNING.has(t.owner.object.kind))) {
      for (const { container, path, init } of containersOf(template.spec)) {
        if (init) continue;
        const missing = [container.readinessProbe ? undefined : 'readinessProbe', container.livenessProbe ? undefined : 'livenessProbe'].filter(Boolean);
        if (missing.length > 0) report(template.owner, `container "${container.name}" has no ${missing.join(' and ')}`, { path: `${template.path}.${path}` });
      }
    }
  },
};

export const pinnedImagesRule: UnitRule = {
  id: 'images/pinned',
  scope: 'unit',
  severity: 'error',
  title: 'every image is pinned to a tag or digest, never latest',
  hint: 'pin the image to a version tag or a sha256 digest',
  check(unit, report) {
    for (const template of unit.podTemplates) {
      for (const { container, path } of containersOf(template.spec)) {
        const problem = container.image ? imageProblem(container.image) : `container "${container.name}" has no image`;
        if (problem) report(template.owner, problem, { path: `${template.path}.${path}.image` });
      }
    }
  },
};

export const automountRule: UnitRule = {
  id: 'security/service-account-token',
  scope: 'unit',
  severity: 'error',
  title: 'no API token is mounted unless the pod\'s ServiceAccount is granted API access',
  hint: 'set automountServiceAccountToken: false, or bind a Role to the ServiceAccount the workload uses',
  check(unit, report) {
    const granted = new Set(unit.ofKind('RoleBinding', 'ClusterRoleBinding').flatMap(({ object }) =>
      ((object as unknown as { subjects?: { kind: string; name: string; namespace?: string }[] }).subjects ?? [])
        .filter((s) => s.kind === 'ServiceAccount')
        .map((s) => `${s.namespace ?? object.metadata.namespace}/${s.name}`)));
    for (const template of unit.podTemplates) {
      if (template.spec.automountServiceAccountToken === false) continue;
      const account = `${template.owner.object.metadata.namespace}/${template.spec.serviceAccountName ?? 'default'}`;
      if (granted.has(account)) continue;
      report(template.owner, `mounts an API token (automountServiceAccountToken is ${template.spec.automountServiceAccountToken ?? 'unset'}) but ServiceAccount ${account} has no role binding`, {
        path: `${template.path}.automountServiceAccountToken`,
      });
    }
  },
};
