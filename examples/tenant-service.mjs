// @ts-check
/**
 * A small tenant service on top of the saas-charts library: what a management API does
 * when a customer signs up. Validation and rendering are pure and in memory; only
 * `provision` talks to the cluster, through the client it is given.
 */
import { definePlatform, generateTenantId, provisionTenant, renderTenant, validateRequest } from '../lib/src/index.js';

/**
 * @param {{ platform: import('../lib/src/index.js').Platform, client?: import('../lib/src/index.js').ObjectClient }} options
 */
export function createTenantService({ platform, client }) {
  return {
    /**
     * Validates a sign-up and gives it an id; throws with every problem listed.
     * @param {import('../lib/src/index.js').ProvisioningRequest} request
     */
    prepare(request) {
      const id = request.id ?? generateTenantId(request.companyName, platform.tenants.map((tenant) => tenant.id));
      const problems = validateRequest(platform, { ...request, id });
      if (problems.length > 0) throw new Error(`invalid request:\n  ${problems.join('\n  ')}`);
      return { ...request, id };
    },

    /**
     * The tenant's objects, rendered in memory (nothing written, no cluster).
     * @param {import('../lib/src/index.js').ProvisioningRequest & { id: string }} request
     */
    preview(request) {
      const withTenant = definePlatform({
        ...platform,
        tenants: [...platform.tenants, { id: request.id, name: request.companyName, tier: request.tier, placement: 'dedicated', customDomains: request.customDomains ? [...request.customDomains] : undefined }],
      });
      return renderTenant(withTenant, request.id);
    },

    /**
     * Applies the tenant and waits until it is ready. Supplied secrets come from
     * SAAS_CHARTS_SECRET_<SECRET>_<KEY> environment variables.
     * @param {import('../lib/src/index.js').ProvisioningRequest & { id: string }} request
     */
    async provision(request) {
      if (!client) throw new Error('no cluster client: this service only previews');
      return provisionTenant(client, platform, request, { pollIntervalMs: 20 });
    },
  };
}
