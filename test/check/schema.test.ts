import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cachedDefinitions } from '../../src/check/schema/crd-cache.js';
import { groupSchemas, parseDefinitions } from '../../src/check/schema/crds.js';
import { validateObject, type KubernetesObject, type SchemaProblem } from '../../src/check/schema/index.js';
import type { CustomResourceDefinition } from '../../src/check/schema/openapi-schema.js';
import type { WalkContext } from '../../src/check/schema/validator.js';
import { parsePlatform } from '../../src/platform/load.js';
import { synthPlatform } from '../../src/synth/synth.js';
import { REPO_ROOT } from '../support/fleet.js';

type Json = Record<string, unknown>;

function deployment(): Json & KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'tenant-acme', labels: { 'app.kubernetes.io/name': 'api', tier: 'professional' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'api' } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'api',
              image: 'ghcr.io/acme/api:v1.0.0',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: 1, memory: '512Mi' } },
              readinessProbe: { httpGet: { path: '/health/ready', port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/health/live', port: 8080 } },
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
            },
          ],
        },
      },
    },
  };
}

function cnpgCluster(): Json & KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'tenant-acme-postgresql', namespace: 'tenant-acme', labels: { 'app.kubernetes.io/instance': 'tenant-acme' } },
    spec: {
      instances: 2,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie',
      storage: { size: '50Gi', storageClass: 'local-path' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'tenant-acme-backups' } }],
    },
  };
}

function argoApplication(): Json & KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'mechanicbuddy-free-tier', namespace: 'argocd' },
    spec: {
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc', namespace: 'mechanicbuddy-free-tier' },
      source: { repoURL: 'https://github.com/your-org/mechanicbuddy', targetRevision: 'main', path: 'dist/free-tier' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  };
}

/** Sets a dotted path (`spec.template.spec.containers.0.name`), creating objects on the way. */
function set(object: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  let node = object as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return object;
}

function remove(object: Json, path: string): Json {
  const keys = path.split('.');
  let node = object as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys[keys.length - 1]];
  return object;
}

const problemsOf = (object: Json): SchemaProblem[] => validateObject(object as KubernetesObject);

describe('valid objects', () => {
  it('accepts a complete Deployment', () => {
    expect(problemsOf(deployment())).toEqual([]);
  });

  it('accepts a CNPG Cluster and an Argo CD Application', () => {
    expect(problemsOf(cnpgCluster())).toEqual([]);
    expect(problemsOf(argoApplication())).toEqual([]);
  });

  it('does not look at status, which we never write', () => {
    expect(problemsOf(set(deployment(), 'status', { replicaz: 'two', conditions: 'none' }))).toEqual([]);
    expect(problemsOf(set(cnpgCluster(), 'status', { anything: [1, 2] }))).toEqual([]);
  });

  it('treats a field set to null as absent, as the API server does', () => {
    expect(problemsOf(set(deployment(), 'spec.replicas', null))).toEqual([]);
  });

  it('checks the vendored CRDs as apiextensions.k8s.io/v1 CustomResourceDefinitions (recursive JSONSchemaProps)', () => {
    const dir = `${REPO_ROOT}imports/crds`;
    const crds = readdirSync(dir).flatMap((file) => parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).map((doc) => doc.toJS() as Json));
    expect(crds.length).toBeGreaterThan(5);
    const found = crds.flatMap((crd) => problemsOf(crd).map((problem) => `${String((crd.metadata as Json).name)} ${problem.path}: ${problem.message}`));
    // selectableFields arrived in Kubernetes 1.30: a 1.28 API server does not know it.
    expect(found).toEqual([
      'certificates.cert-manager.io spec.versions[0].selectableFields: unknown field "selectableFields" (known fields: additionalPrinterColumns, deprecated, deprecationWarning, name, schema, served, storage, subresources)',
    ]);
  });
});

describe('unknown fields', () => {
  it('rejects spec.replica on a Deployment and suggests replicas', () => {
    expect(problemsOf(set(deployment(), 'spec.replica', 2))).toEqual([
      { path: 'spec.replica', code: 'unknown-field', message: 'unknown field "replica" (did you mean "replicas"?)' },
    ]);
  });

  it('rejects an unknown field deep in the pod template, with its full path', () => {
    const object = deployment();
    set(object, 'spec.template.spec.containers.0.imagePullPolicey', 'Always');
    expect(problemsOf(object)).toEqual([
      {
        path: 'spec.template.spec.containers[0].imagePullPolicey',
        code: 'unknown-field',
        message: 'unknown field "imagePullPolicey" (did you mean "imagePullPolicy"?)',
      },
    ]);
  });

  it('rejects spec.instance on a CNPG Cluster (a custom resource) and suggests instances', () => {
    expect(problemsOf(set(cnpgCluster(), 'spec.instance', 2))).toEqual([
      { path: 'spec.instance', code: 'unknown-field', message: 'unknown field "instance" (did you mean "instances"?)' },
    ]);
  });

  it('checks the metadata of a custom resource as ObjectMeta', () => {
    expect(problemsOf(set(cnpgCluster(), 'metadata.label', { a: 'b' }))).toEqual([
      { path: 'metadata.label', code: 'unknown-field', message: 'unknown field "label" (did you mean "labels"?)' },
    ]);
    expect(problemsOf(set(cnpgCluster(), 'metadata.labels.tier', 3))).toEqual([
      { path: 'metadata.labels.tier', code: 'type', message: 'expected string, got 3' },
    ]);
  });

  it('rejects fields under an object whose schema declares none (the API server prunes them)', () => {
    const object = set(cnpgCluster(), 'spec.ephemeralVolumeSource.volumeClaimTemplate', { metadata: { labels: { a: 'b' } }, spec: {} });
    expect(problemsOf(object)).toEqual([
      {
        path: 'spec.ephemeralVolumeSource.volumeClaimTemplate.metadata.labels',
        code: 'unknown-field',
        message: 'unknown field "labels" (the schema allows no fields here)',
      },
    ]);
  });

  it('accepts anything under x-kubernetes-preserve-unknown-fields, and still checks its siblings', () => {
    const values = { replicaCount: 3, nested: { anything: ['goes', 1, true, null] }, 'dotted.key': { x: {} } };
    const object = set(argoApplication(), 'spec.source.helm', { valuesObject: values, releaseName: 'web' });
    expect(problemsOf(object)).toEqual([]);
    set(object, 'spec.source.helm.valuesObjekt', values);
    expect(problemsOf(object)).toEqual([
      { path: 'spec.source.helm.valuesObjekt', code: 'unknown-field', message: 'unknown field "valuesObjekt" (did you mean "valuesObject"?)' },
    ]);
  });
});

describe('types and formats', () => {
  it('rejects a string where an integer is expected, quoting it', () => {
    expect(problemsOf(set(deployment(), 'spec.replicas', '2'))).toEqual([
      { path: 'spec.replicas', code: 'type', message: 'expected integer, got "2"' },
    ]);
    expect(problemsOf(set(deployment(), 'spec.replicas', 1.5))).toEqual([{ path: 'spec.replicas', code: 'type', message: 'expected integer, got 1.5' }]);
    expect(problemsOf(set(cnpgCluster(), 'spec.instances', '3'))).toEqual([{ path: 'spec.instances', code: 'type', message: 'expected integer, got "3"' }]);
  });

  it('rejects an object where a string is expected, and a scalar where a list is expected', () => {
    const object = deployment();
    set(object, 'spec.template.spec.containers.0.image', { repository: 'api', tag: 'v1' });
    set(object, 'spec.template.spec.containers.0.securityContext.capabilities.drop', 'ALL');
    expect(problemsOf(object)).toEqual([
      { path: 'spec.template.spec.containers[0].image', code: 'type', message: 'expected string, got an object {"repository":"api","tag":"v1"}' },
      { path: 'spec.template.spec.containers[0].securityContext.capabilities.drop', code: 'type', message: 'expected array, got "ALL"' },
    ]);
  });

  it('accepts numbers and strings for IntOrString, and nothing else', () => {
    const service = (targetPort: unknown): Json => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort }] },
    });
    expect(problemsOf(service(8080))).toEqual([]);
    expect(problemsOf(service('http'))).toEqual([]);
    expect(problemsOf(service(true))).toEqual([{ path: 'spec.ports[0].targetPort', code: 'type', message: 'expected string or integer, got true' }]);
    expect(problemsOf(set(cnpgCluster(), 'spec.probes.readiness.maximumLag', '16Mi'))).toEqual([]);
    expect(problemsOf(set(cnpgCluster(), 'spec.probes.readiness.maximumLag', 1024))).toEqual([]);
  });

  it('accepts numbers and quantity strings for Quantity, and rejects malformed ones', () => {
    const withLimits = (limits: unknown): Json => set(deployment(), 'spec.template.spec.containers.0.resources.limits', limits);
    expect(problemsOf(withLimits({ cpu: 2, memory: '1Gi', 'ephemeral-storage': 0.5 }))).toEqual([]);
    expect(problemsOf(withLimits({ cpu: '500m', memory: '1.5G' }))).toEqual([]);
    expect(problemsOf(withLimits({ memory: '1GB' }))).toEqual([
      { path: 'spec.template.spec.containers[0].resources.limits.memory', code: 'format', message: '"1GB" is not a Kubernetes quantity (did you mean "1Gi"?)' },
    ]);
    expect(problemsOf(withLimits({ cpu: { cores: 1 } }))).toEqual([
      { path: 'spec.template.spec.containers[0].resources.limits.cpu', code: 'type', message: 'expected string or number, got an object {"cores":1}' },
    ]);
    // CRD quantities are int-or-string with a pattern.
    expect(problemsOf(set(cnpgCluster(), 'spec.resources.limits', { cpu: 2, memory: '2Gi' }))).toEqual([]);
    expect(problemsOf(set(cnpgCluster(), 'spec.resources.limits.memory', '2GB'))).toEqual([
      expect.objectContaining({ path: 'spec.resources.limits.memory', code: 'format', message: expect.stringMatching(/^"2GB" does not match the pattern \^/) }),
    ]);
  });

  it('accepts any string keys in a labels map, quoting dotted keys in paths, and rejects non-string values', () => {
    const labels = { 'app.kubernetes.io/name': 'api', 'example.com/any key': '', x: 'y' };
    expect(problemsOf(set(deployment(), 'metadata.labels', labels))).toEqual([]);
    expect(problemsOf(set(deployment(), 'metadata.labels', { 'app.kubernetes.io/name': 1, enabled: true, nested: { a: 'b' } }))).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/name"]', code: 'type', message: 'expected string, got 1' },
      { path: 'metadata.labels.enabled', code: 'type', message: 'expected string, got true' },
      { path: 'metadata.labels.nested', code: 'type', message: 'expected string, got an object {"a":"b"}' },
    ]);
  });

  it('checks the formats the API server decodes: base64 bytes, int32 range, date-time', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { ok: 'aGVsbG8=', bad: 'not base64!' } };
    expect(problemsOf(secret)).toEqual([{ path: 'data.bad', code: 'format', message: '"not base64!" is not base64' }]);
    expect(problemsOf(set(deployment(), 'spec.replicas', 2 ** 31))).toEqual([
      { path: 'spec.replicas', code: 'format', message: '2147483648 is out of range for int32 (-2147483648 to 2147483647)' },
    ]);
    expect(problemsOf(set(deployment(), 'metadata.creationTimestamp', 'yesterday'))).toEqual([
      { path: 'metadata.creationTimestamp', code: 'format', message: '"yesterday" is not an RFC 3339 date-time such as "2024-01-31T12:00:00Z"' },
    ]);
  });
});

describe('enums and required fields', () => {
  it('rejects a value outside a CRD enum, listing the allowed values', () => {
    const backup = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'daily', namespace: 'tenant-acme' },
      spec: { schedule: '0 0 2 * * *', cluster: { name: 'tenant-acme-postgresql' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } },
    };
    expect(problemsOf(backup)).toEqual([]);
    expect(problemsOf(set(backup, 'spec.method', 'sometimes'))).toEqual([
      { path: 'spec.method', code: 'enum', message: '"sometimes" is not one of barmanObjectStore, volumeSnapshot, plugin' },
    ]);
  });

  // The 1.28 definitions carry enums only on `kind` (imagePullPolicy and the like are
  // plain strings there), so enum problems come from CRDs.
  it('reads the kind enum of the Kubernetes definitions without tripping on it', () => {
    expect(problemsOf(set(deployment(), 'spec.template.spec.containers.0.imagePullPolicy', 'Never'))).toEqual([]);
  });

  it('reports a missing required field at its path', () => {
    expect(problemsOf(remove(deployment(), 'spec.selector'))).toEqual([
      { path: 'spec.selector', code: 'required', message: 'missing required field "selector"' },
    ]);
    expect(problemsOf(remove(deployment(), 'spec.template.spec.containers.0.name'))).toEqual([
      { path: 'spec.template.spec.containers[0].name', code: 'required', message: 'missing required field "name"' },
    ]);
    expect(problemsOf(set(deployment(), 'spec.selector', null))).toEqual([
      { path: 'spec.selector', code: 'required', message: 'missing required field "selector"' },
    ]);
    expect(problemsOf(remove(cnpgCluster(), 'spec.instances'))).toEqual([
      { path: 'spec.instances', code: 'required', message: 'missing required field "instances"' },
    ]);
  });

  it('reports every problem of an object, not just the first', () => {
    const object = set(remove(deployment(), 'spec.selector'), 'spec.replica', 2);
    set(object, 'spec.replicas', 'two');
    expect(problemsOf(object).map((p) => `${p.code} ${p.path}`).sort()).toEqual(['required spec.selector', 'type spec.replicas', 'unknown-field spec.replica']);
  });
});

describe('kinds', () => {
  it('reports an apiVersion and kind it has no schema for', () => {
    expect(problemsOf({ ...cnpgCluster(), apiVersion: 'postgresql.cnpg.io/v2' })).toEqual([
      { path: '', code: 'unknown-kind', message: 'no schema for postgresql.cnpg.io/v2 Cluster (Cluster is served as postgresql.cnpg.io/v1)' },
    ]);
    expect(problemsOf({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } })).toEqual([
      { path: '', code: 'unknown-kind', message: 'no schema for apps/v1 Deploymnet' },
    ]);
    expect(problemsOf({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([
      { path: '', code: 'unknown-kind', message: 'no schema for example.com/v1 Widget' },
    ]);
    expect(problemsOf({ apiVersion: '../../package', kind: 'Widget' })).toEqual([
      { path: '', code: 'unknown-kind', message: 'no schema for ../../package Widget' },
    ]);
  });

  it('knows every kind of the vendored Kubernetes definitions and CRDs', () => {
    const { definitions } = JSON.parse(readFileSync(`${REPO_ROOT}schemas/k8s-1.28.0-definitions.json`, 'utf8')) as {
      definitions: Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] }>;
    };
    const builtIn = Object.values(definitions).flatMap((definition) => definition['x-kubernetes-group-version-kind'] ?? []);
    const dir = `${REPO_ROOT}imports/crds`;
    const custom = readdirSync(dir).flatMap((file) =>
      parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).flatMap((doc) => {
        const crd = doc.toJS() as { spec: { group: string; names: { kind: string }; versions: { name: string }[] } };
        return crd.spec.versions.map((version) => ({ group: crd.spec.group, version: version.name, kind: crd.spec.names.kind }));
      }),
    );
    expect(builtIn.length).toBeGreaterThan(140);
    expect(custom.length).toBeGreaterThanOrEqual(12);
    for (const { group, version, kind } of [...builtIn, ...custom]) {
      const apiVersion = group === '' ? version : `${group}/${version}`;
      const unknown = problemsOf({ apiVersion, kind }).filter((problem) => problem.code === 'unknown-kind');
      expect(unknown, `${apiVersion} ${kind}`).toEqual([]);
    }
  });
});

describe('the default platform', () => {
  it('synthesizes only objects the API server accepts with fieldValidation=Strict', () => {
    const platform = parsePlatform(readFileSync(`${REPO_ROOT}platform.yaml`, 'utf8'), 'platform.yaml');
    const found: string[] = [];
    let objects = 0;
    for (const file of synthPlatform(platform).files) {
      for (const doc of parseAllDocuments(file.content)) {
        const object = doc.toJS() as KubernetesObject & { metadata: { name: string; namespace?: string } };
        objects++;
        for (const problem of validateObject(object)) {
          found.push(`${file.path}: ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name} ${problem.path}: ${problem.message}`);
        }
      }
    }
    expect(objects).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});

describe('vendored schemas', () => {
  const crdDir = `${REPO_ROOT}imports/crds`;
  const crdFiles = readdirSync(crdDir).filter((file) => file.endsWith('.yaml'));

  it.skipIf(!existsSync(`${REPO_ROOT}../shared/schemas/k8s-1.28.0-definitions.json`))('are what scripts/vendor-k8s-schema.mjs generates', () => {
    const run = spawnSync(process.execPath, [`${REPO_ROOT}scripts/vendor-k8s-schema.mjs`, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('uses the parsed copy of a CRD file only while it matches the file', () => {
    const yaml = readFileSync(`${crdDir}/postgresql.cnpg.io.yaml`);
    expect(cachedDefinitions('postgresql.cnpg.io', yaml)?.map((crd) => crd.spec?.names?.kind)).toEqual(['Backup', 'Cluster', 'ScheduledBackup']);
    expect(cachedDefinitions('postgresql.cnpg.io', Buffer.concat([yaml, Buffer.from('\n# edited\n')]))).toBeUndefined();
    expect(cachedDefinitions('example.com', yaml)).toBeUndefined();
  });

  it('finds the same problems from the YAML as from the parsed copy', () => {
    for (const file of crdFiles) {
      const group = file.slice(0, -'.yaml'.length);
      const text = readFileSync(`${crdDir}/${file}`);
      const fromCopy = groupSchemas(group, cachedDefinitions(group, text) ?? []);
      const fromYaml = groupSchemas(group, parseDefinitions(text.toString('utf8'), file));
      const kinds = [...parseDefinitions(text.toString('utf8'), file)].map((crd: CustomResourceDefinition) => crd.spec?.names?.kind ?? '');
      for (const kind of kinds) {
        const version = fromYaml.apiVersionsOf(kind)[0].split('/')[1];
        const probe = { apiVersion: `${group}/${version}`, kind, metadata: { name: 'x', labelz: {} }, spec: { zzz: 1, selector: 'x' } };
        const problems = (schemas: typeof fromYaml): SchemaProblem[] => {
          const context: WalkContext = { path: [], problems: [] };
          schemas.kind(version, kind)?.(probe, context);
          return context.problems;
        };
        expect(problems(fromYaml), `${group} ${kind}`).toContainEqual(expect.objectContaining({ path: 'spec.zzz', code: 'unknown-field' }));
        expect(problems(fromCopy), `${group} ${kind}`).toEqual(problems(fromYaml));
      }
    }
  });
});
