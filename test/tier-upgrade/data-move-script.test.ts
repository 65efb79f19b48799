/**
 * The data-move script against real PostgreSQL servers (the machine's own, when it has
 * initdb and pg_ctl): a shared database with the tenant's schema, a dedicated one with
 * what the migration Job created. Skipped where PostgreSQL is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataMoveScript } from '../../constructs/data-move-job.js';
import { dropSchemaScript } from '../../constructs/drop-schema-job.js';

const BIN = ['/usr/local/bin', '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((dir) => existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'initdb')));
const root = process.getuid?.() === 0;
// PostgreSQL refuses to run as root: there, the server runs as the postgres user.
const POSTGRES_USER = root ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;
const available = BIN !== undefined && spawnSync('psql', ['--version']).status === 0 && (!root || POSTGRES_USER?.status === 0);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!available)('data-move script against PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saas-charts-pg-'));
  const data = join(dir, 'data');
  let port = 0;
  const asServer = (command: string, args: string[]) => execFileSync(root ? 'runuser' : join(BIN!, command), root ? ['-u', 'postgres', '--', join(BIN!, command), ...args] : args, { stdio: 'pipe' });
  const sql = (database: string, statement: string) => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-c', statement], { encoding: 'utf8' }).trim();
  const run = (work: string) => spawnSync('sh', ['-c', dataMoveScript(work)], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      SCHEMA: 'tenant_joes',
      SOURCE_HOST: '127.0.0.1', SOURCE_PORT: String(port), SOURCE_DB: 'shared', SOURCE_USER: 'free_tier', SOURCE_PASSWORD: 'not-checked-here',
      TARGET_HOST: '127.0.0.1', TARGET_PORT: String(port), TARGET_DB: 'mechanicbuddy', TARGET_USER: 'mechanicbuddy', TARGET_PASSWORD: 'not-checked-here',
    },
  });

  beforeAll(async () => {
    if (root) chownSync(dir, Number(POSTGRES_USER!.stdout.trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
    port = await freePort();
    asServer('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    asServer('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    // The shared database: the free tier's role owns each tenant's schema.
    sql('postgres', 'CREATE ROLE free_tier LOGIN');
    sql('postgres', 'CREATE ROLE mechanicbuddy LOGIN');
    sql('postgres', 'CREATE DATABASE shared OWNER free_tier');
    sql('postgres', 'CREATE DATABASE mechanicbuddy OWNER mechanicbuddy');
    sql('shared', 'CREATE SCHEMA tenant_joes AUTHORIZATION free_tier; CREATE SCHEMA tenant_other AUTHORIZATION free_tier');
    sql('shared', `SET ROLE free_tier;
      CREATE TABLE tenant_joes.customers (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE tenant_joes.invoices (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES tenant_joes.customers, total numeric);
      CREATE TABLE tenant_joes.schemaversions (id serial PRIMARY KEY, script text);
      INSERT INTO tenant_joes.customers (name) SELECT 'customer ' || n FROM generate_series(1, 3) n;
      INSERT INTO tenant_joes.invoices (customer_id, total) SELECT 1 + n % 3, n * 10 FROM generate_series(1, 5) n;
      INSERT INTO tenant_joes.schemaversions (script) VALUES ('0001-init.sql'), ('0002-invoices.sql');
      CREATE TABLE tenant_other.customers (id int); INSERT INTO tenant_other.customers VALUES (1);`);
    // The dedicated database as the migration Job left it: empty tables and its journal.
    sql('mechanicbuddy', `SET ROLE mechanicbuddy;
      CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE public.schemaversions (id serial PRIMARY KEY, script text);
      INSERT INTO public.schemaversions (script) VALUES ('0001-init.sql');`);
  }, 60_000);

  afterAll(() => {
    if (existsSync(data)) spawnSync(root ? 'runuser' : join(BIN!, 'pg_ctl'), [...(root ? ['-u', 'postgres', '--', join(BIN!, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the tenant schema into public with equal row counts, keeps the previous public, leaves other tenants alone', () => {
    const work = mkdtempSync(join(tmpdir(), 'saas-charts-move-'));
    const result = run(work);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('row counts equal in 3 tables');
    expect(sql('mechanicbuddy', 'SELECT count(*) FROM public.customers')).toBe('3');
    expect(sql('mechanicbuddy', 'SELECT count(*) FROM public.invoices')).toBe('5');
    expect(sql('mechanicbuddy', 'SELECT string_agg(script, \',\' ORDER BY id) FROM public.schemaversions')).toBe('0001-init.sql,0002-invoices.sql');
    expect(sql('mechanicbuddy', 'SELECT count(*) FROM public_before_move.schemaversions')).toBe('1');
    expect(sql('mechanicbuddy', "SELECT count(*) FROM pg_namespace WHERE nspname IN ('tenant_joes', 'tenant_other')")).toBe('0');
    expect(sql('mechanicbuddy', "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'invoices'")).toBe('mechanicbuddy');
    // Sequences continue where the shared schema left them, and the foreign keys came along.
    expect(sql('mechanicbuddy', "SELECT nextval(pg_get_serial_sequence('public.invoices', 'id'))")).toBe('6');
    expect(sql('mechanicbuddy', "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'public.invoices'::regclass")).toBe('1');
    // The shared schema is untouched until --finalize.
    expect(sql('shared', 'SELECT count(*) FROM tenant_joes.invoices')).toBe('5');
    rmSync(work, { recursive: true, force: true });
  });

  it('run again, it only verifies the shared schema against its counts at the move: new rows on the dedicated site pass, new rows on the free tier fail the Job', () => {
    const work = mkdtempSync(join(tmpdir(), 'saas-charts-move-'));
    const again = run(work);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already moved; verifying again\nrow counts equal in 3 tables \(the shared schema against its counts at the move\)/);

    // The tenant works on its dedicated site (routing switched): its database grows, and a migration adds a table.
    sql('mechanicbuddy', "INSERT INTO public.invoices (customer_id, total) VALUES (2, 42); CREATE TABLE public.parts (id int)");
    expect(run(work).status).toBe(0);

    sql('shared', "INSERT INTO tenant_joes.invoices (customer_id, total) VALUES (1, 99)");
    const differs = run(work);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toMatch(/invoices 6/);
    expect(differs.stderr).toMatch(/row counts of the shared schema tenant_joes changed since the move \(rows written on the free tier after it are only there\)/);
    rmSync(work, { recursive: true, force: true });
  });

  it('the finalize script drops only that tenant\'s schema, and running it again succeeds', () => {
    const env = { PATH: process.env.PATH, SCHEMA: 'tenant_joes', DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(port), DATABASE_DB: 'shared', DATABASE_USER: 'free_tier', DATABASE_PASSWORD: 'not-checked-here' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = spawnSync('sh', ['-c', dropSchemaScript()], { encoding: 'utf8', env });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    expect(sql('shared', "SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE 'tenant_%'")).toBe('tenant_other');
    expect(sql('shared', 'SELECT count(*) FROM tenant_other.customers')).toBe('1');
  });
});
