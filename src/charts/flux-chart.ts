/**
 * Flux wiring for the bricks folder (seed 000's GitOps path): a brick removed
 * from the platform file disappears from dist/bricks/ and Flux prunes it. Its
 * volumes carry prune-disabled annotations, so their data stays.
 */
import { PlatformChart } from './platform-chart.js';
import type { Construct } from 'constructs';
import { FluxFolder, MANAGED_BY } from '../../constructs/index.js';
import type { Platform } from '../platform/schema.js';
import { PART_OF_BRICKS } from './bricks/brick-chart.js';
import { fluxPath } from '../platform/gitops.js';

export interface FluxChartProps {
  readonly platform: Platform;
  /** The cluster whose bricks folder (dist/clusters/{cluster}/bricks) Flux reconciles. @default - dist/bricks (no clusters declared) */
  readonly cluster?: string;
}

export class FluxChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FluxChartProps) {
    const flux = props.platform.bricks?.gitops.flux;
    super(scope, id, {
      namespace: flux?.namespace ?? 'flux-system',
     
      labels: { 'app.kubernetes.io/part-of': PART_OF_BRICKS, 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/instance': 'flux' },
    });
    if (!flux?.enabled) return;
    new FluxFolder(this, 'Bricks', {
      name: 'bricks',
      namespace: flux.namespace,
      url: flux.url,
      branch: flux.branch,
      secretName: flux.secretName,
      path: fluxPath(props.platform, props.cluster === undefined ? 'bricks' : `clusters/${props.cluster}/bricks`),
    });
  }
}
