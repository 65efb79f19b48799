/** Shared set-up of the fleet tests: a fake API server with controllers that make things ready, and a client to it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestObject } from '../../constructs/index.js';
import { applyInstance, type ApplyOptions } from '../../src/apply/apply.js';
import { ObjectClient } from '../../src/apply/objects.js';
import { connect } from '../../src/apply/transport.js';
import type { Platform, TenantConfig } from '../../src/platform/schema.js';
import { renderForApply } from '../../src/synth/render.js';
import { tenantUnit } from '../../src/synth/units.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-api-server/index.js';

type RuleHandle = ReturnType<FakeApiServer['autoAdvance']>;
const READY_KINDS = ['Deployment', 'StatefulSet', 'Job', 'Cluster', 'Certificate', 'PersistentVolumeClaim'];

export const SUPPLIED = { 'email-credentials/api-key': 're_test_key' };
export const FAST: ApplyOptions = { pollIntervalMs: 5, timeoutSeconds: 30, objectTimeoutSeconds: 30, suppliedSecrets: SUPPLIED };

export const workDir = mkdtempSync(join(tmpdir(), 'saas-charts-fleet-'));

/** The smallest instance the revision tests apply: Namespace `shop` and ConfigMap `settings` in it, whose `mode` tells revisions apart. */
export const SHOP_NAMESPACE: ManifestObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
export const shopSettings = (mode: string): ManifestObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { mode } });

export interface Cluster {
  readonly server: FakeApiServer;
  readonly client: ObjectClient;
  readonly kubeconfig: string;
  /** From now on, objects of this kind in this namespace fail (as their controller would report); returns the cure. */
  failFrom(kind: string, namespace: string): () => void;
}

/** `failing` rules go first: the first matching auto-advance rule decides. */
export async function startCluster(failing: readonly { kind: string; namespace: string }[] = []): Promise<Cluster> {
  const server = await startFakeApiServer();
  for (const rule of failing) server.autoAdvance({ ...rule, afterMs: 2, outcome: 'failed' });
  const ready = new Map<string, RuleHandle>(READY_KINDS.map((kind) => [kind, server.autoAdvance({ kind, afterMs: 2 })]));
  const kubeconfig = join(workDir, `kubeconfig-${server.port}`);
  writeFileSync(kubeconfig, server.kubeconfig());
  const client = new ObjectClient(await connect({ kubeconfig, retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 } }));
  const failFrom = (kind: string, namespace: string) => {
    // The first matching rule decides: the failing one goes before the kind's ready rule.
    ready.get(kind)?.remove();
    const failing = server.autoAdvance({ kind, namespace, afterMs: 2, outcome: 'failed' });
    ready.set(kind, server.autoAdvance({ kind, afterMs: 2 }));
    return () => failing.remove();
  };
  return { server, client, kubeconfig, failFrom };
}

/** Applies each tenant's chart to the cluster, as `saas-charts apply` would (FAST settings). */
export async function applyTenants(cluster: Cluster, platform: Platform, tenants: readonly TenantConfig[] = platform.tenants): Promise<void> {
  for (const tenant of tenants) {
    const unit = renderForApply(tenantUnit(platform, tenant));
    await applyInstance(cluster.client, { instance: unit.name, namespace: unit.namespace, objects: unit.objects, secrets: unit.secrets }, FAST);
  }
}

const VOLATILE_METADATA = ['resourceVersion', 'uid', 'generation', 'creationTimestamp', 'managedFields'];

/** What a chart controls of a live object: everything but status and the metadata the server writes. */
export function desiredPart(object: Record<string, unknown> | undefined): string {
  if (!object) return 'absent';
  const { status: _status, metadata, ...rest } = object as { status?: unknown; metadata: Record<string, unknown> };
  const kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => !VOLATILE_METADATA.includes(key)));
  // The server stamps an object's own uid into it (a Job's controller-uid labels and selector): identity, not content.
  const uid = typeof metadata.uid === 'string' ? metadata.uid : undefined;
  const text = JSON.stringify({ ...rest, metadata: kept });
  return uid ? text.split(uid).join('<uid>') : text;
}
