/**
 * The platform's cluster-wide pieces on every cluster but the home one (where
 * the system chart holds them): the ACME ClusterIssuer that the Certificates
 * of the tenants, bricks and customers placed there name, and the ingress
 * controller's default certificate when tenant subdomains use the wildcard.
 */
import type { Construct } from 'constructs';
import type { Platform } from '../platform/schema.js';
import { chartLabels } from './identity.js';
import { PlatformChart } from './platform-chart.js';
import { defaultCertificate, platformIssuer } from './platform-issuer.js';

export interface ClusterBaseChartProps {
  readonly platform: Platform;
  /** Name of the cluster (clusters[].name). */
  readonly cluster: string;
}

/** Instance name of a cluster's base chart. */
export const clusterBaseName = (cluster: string): string => `cluster-${cluster}`;

export class ClusterBaseChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: ClusterBaseChartProps) {
    // No chart namespace: the issuer is cluster-scoped and the certificate names its own.
    super(scope, id, { labels: chartLabels(clusterBaseName(props.cluster)) });
    platformIssuer(this, props.platform.global);
    defaultCertificate(this, props.platform.global);
  }
}
