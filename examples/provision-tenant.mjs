#!/usr/bin/env node
// @ts-check
/**
 * Provisions one tenant through the library API.
 *
 *   node examples/provision-tenant.mjs "ACME Auto Repair" professional
 *
 * Without EXAMPLE_KUBECONFIG it only validates and renders; with it (a kubeconfig path)
 * it applies the tenant to that cluster and waits until it is ready.
 */
import { ObjectClient, connect, definePlatform } from '../lib/src/index.js';
import { createTenantService } from './tenant-service.mjs';

const [companyName = 'ACME Auto Repair', tier = 'professional'] = process.argv.slice(2);
const kubeconfig = process.env.EXAMPLE_KUBECONFIG;

// The fleet as the management API knows it; a real service would loadPlatform('platform.yaml').
const platform = definePlatform({ global: { domain: 'mechanicbuddy.app' }, tenants: [] });
const client = kubeconfig ? new ObjectClient(await connect({ kubeconfig })) : undefined;
const service = createTenantService({ platform, client });

try {
  const request = service.prepare({ companyName, tier: /** @type {import('../lib/src/index.js').Tier} */ (tier) });
  const preview = service.preview(request);
  console.log(`tenant: ${request.id} (${request.tier})`);
  console.log(`rendered: ${preview.objects.length} objects`);
  if (!client) {
    console.log('no EXAMPLE_KUBECONFIG: rendered only, nothing applied');
  } else {
    const result = await service.provision(request);
    console.log(`provisioned: namespace ${result.namespace} in ${result.durationSeconds.toFixed(1)} s`);
    for (const entry of result.log) console.log(`  ${entry.step.padEnd(28)} ${entry.seconds.toFixed(2)} s`);
    console.log(`app: ${result.urls.app}`);
    console.log(`api: ${result.urls.api}`);
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
