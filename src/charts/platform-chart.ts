/**
 * The base of our charts: explicit names (no path hashes), and computed
 * namespace quotas completed from the chart's own rendered objects, so each
 * object is rendered once, by the fast path of object-json.ts.
 */
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { TenantNamespace, chartJson, type ManifestObject } from '../../constructs/index.js';

export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, props: Omit<ChartProps, 'disableResourceNameHashes'> = {}) {
    super(scope, id, { ...props });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override toJson(): any[] {
    const namespaces = TenantNamespace.deferQuotas(this);
    const objects: ManifestObject[] = chartJson(this);
    TenantNamespace.completeQuotas(namespaces, objects);
    return objects;
  }
}
