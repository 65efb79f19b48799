import { execFileSync } from 'node:child_process';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DataMoveJob, PREVIOUS_PUBLIC_SCHEMA, dataMoveScript } from '../../constructs/data-move-job.js';
import { DropSchemaJob } from '../../constructs/drop-schema-job.js';
import { checkPodSecurity } from '../../src/check/pod-security/index.js';

interface JobJson {
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: { backoffLimit: number; activeDeadlineSeconds: number; template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { image: string; command: string[]; args: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[]; resources: { requests: Record<string, string>; limits: Record<string, string> } }[]; [key: string]: unknown } } };
}

const identity = { name: 'data-move', instance: 'tenant-acme', component: 'data-move', partOf: 'mechanicbuddy' };
const IMAGE = 'ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie';

function dataMove(schema = 'tenant_acme'): JobJson {
  const chart = new Chart(Testing.app(), 'test');
  new DataMoveJob(chart, 'Move', {
    name: 'data-move-acme-1',
    namespace: 'mechanicbuddy-system',
    identity,
    labels: { 'mechanicbuddy.app/tenant-id': 'acme' },
    image: IMAGE,
    source: { secretName: 'mechanicbuddy-system-postgresql-app', host: 'mechanicbuddy-system-postgresql-rw.mechanicbuddy-system.svc.cluster.local' },
    target: { secretName: 'data-move-acme-target' },
    schema,
  });
  return chart.toJson()[0] as JobJson;
}

describe('DataMoveJob', () => {
  it('passes Pod Security restricted and sets requests and limits', () => {
    const job = dataMove();
    const pod = job.spec.template;
    expect(checkPodSecurity(pod.spec, pod.metadata, 'restricted')).toEqual([]);
    const container = pod.spec.containers[0];
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(container.image).toBe(IMAGE);
    expect(job.spec.template.metadata.labels['mechanicbuddy.app/tenant-id']).toBe('acme');
  });

  it('takes every credential from a Secret by secretKeyRef: no value inline', () => {
    const env = dataMove().spec.template.spec.containers[0].env;
    for (const prefix of ['SOURCE', 'TARGET']) {
      for (const [suffix, key] of [['USER', 'username'], ['PASSWORD', 'password'], ['DB', 'dbname']]) {
        const variable = env.find((e) => e.name === `${prefix}_${suffix}`);
        expect(variable?.value).toBeUndefined();
        expect(variable?.valueFrom?.secretKeyRef.key).toBe(key);
      }
    }
    expect(env.find((e) => e.name === 'SOURCE_PASSWORD')?.valueFrom?.secretKeyRef.name).toBe('mechanicbuddy-system-postgresql-app');
    expect(env.find((e) => e.name === 'TARGET_PASSWORD')?.valueFrom?.secretKeyRef.name).toBe('data-move-acme-target');
    // A host without an explicit value comes from the Secret's host key too.
    expect(env.find((e) => e.name === 'TARGET_HOST')?.valueFrom?.secretKeyRef.key).toBe('host');
    expect(env.filter((e) => e.value !== undefined).map((e) => e.name).sort()).toEqual(['SCHEMA', 'SOURCE_HOST', 'SOURCE_PORT', 'TARGET_PORT']);
    expect(JSON.stringify(dataMove())).not.toMatch(/password\s*[:=]\s*\w/i);
  });

  it('dumps the schema, restores it, verifies row counts per table before switching, and fails on a difference', () => {
    const [command, script] = [dataMove().spec.template.spec.containers[0].command, dataMove().spec.template.spec.containers[0].args[0]];
    expect(command).toEqual(['sh', '-c']);
    const dump = script.indexOf('pg_dump --format=custom --schema="$SCHEMA"');
    const restore = script.indexOf('pg_restore');
    const verify = script.indexOf('verify "$SCHEMA"');
    const switchSchema = script.indexOf('ALTER SCHEMA \\"$SCHEMA\\" RENAME TO public');
    expect(dump).toBeGreaterThan(0);
    expect(restore).toBeGreaterThan(dump);
    expect(verify).toBeGreaterThan(restore);
    expect(switchSchema).toBeGreaterThan(verify);
    expect(script).toMatch(/count\(\*\)/);
    expect(script).toMatch(/if ! diff [^\n]+source\.counts [^\n]+target\.counts; then\n[^\n]+\n\s+exit 1/);
    expect(script).toContain(`ALTER SCHEMA public RENAME TO ${PREVIOUS_PUBLIC_SCHEMA}`);
  });

  it('is a valid POSIX shell script', () => {
    execFileSync('sh', ['-n', '-c', dataMoveScript()]);
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() => dataMove('Tenant-Acme; DROP')).toThrow(/schema "Tenant-Acme; DROP" must be 1 to 63 lower case letters/);
  });
});

describe('DropSchemaJob', () => {
  it('drops only the named schema, restricted, credentials by reference', () => {
    const chart = new Chart(Testing.app(), 'test');
    new DropSchemaJob(chart, 'Drop', { name: 'drop-schema-acme', identity, image: IMAGE, database: { secretName: 'mechanicbuddy-system-postgresql-app' }, schema: 'tenant_acme' });
    const job = chart.toJson()[0] as JobJson;
    expect(checkPodSecurity(job.spec.template.spec, job.spec.template.metadata, 'restricted')).toEqual([]);
    const container = job.spec.template.spec.containers[0];
    expect(container.args[0]).toContain('DROP SCHEMA IF EXISTS \\"$SCHEMA\\" CASCADE');
    expect(container.env.find((e) => e.name === 'SCHEMA')?.value).toBe('tenant_acme');
    expect(container.env.find((e) => e.name === 'DATABASE_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'mechanicbuddy-system-postgresql-app', key: 'password' });
    execFileSync('sh', ['-n', '-c', container.args[0]]);
  });
});
