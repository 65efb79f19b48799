import { JsonPatch, type ApiObject } from 'cdk8s';

/**
 * cdk8s stamps the chart's namespace on every object, cluster-scoped kinds
 * included (cdk8s#1558, cdk8s-core#731); a cluster-scoped object must not carry one.
 */
export function clusterScoped<T extends ApiObject>(object: T): T {
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}
