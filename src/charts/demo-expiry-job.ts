/**
 * CronJob `demo-expiry` of the system namespace: runs `saas-charts tenant
 * expire` under its own ServiceAccount. Its ClusterRole holds only the
 * cluster-scoped part of the rules demo-expiry-rules.ts derives (list
 * Namespaces; delete them when data is deleted); the rest is a Role that each
 * demo tenant's chart grants it in that tenant's namespace (demoExpiryGrant).
 * The data policy is spelled out in its arguments.
 */
import { Construct } from 'constructs';
import { ApiAccess, NetworkAllowance, ScheduledJob } from '../../constructs/index.js';
import { demoExpiryImage } from '../platform/plan.js';
import type { Platform } from '../platform/schema.js';
import { DEMO_EXPIRY_NAME, demoExpiryClusterRules } from './demo-expiry-rules.js';
import { identity } from './identity.js';

const COMPONENT = 'demo-expiry';

/** Its pods reach the Kubernetes API (443 on a Service VIP, 6443 on the control plane); DNS is allowed namespace-wide. */
export function demoExpiryEgress(): NetworkAllowance {
  return NetworkAllowance.egressToPorts('allow-demo-expiry-egress', { matchLabels: { 'app.kubernetes.io/component': COMPONENT } }, [443, 6443]);
}

export interface DemoExpiryJobProps {
  readonly platform: Platform;
  readonly namespace: string;
}

export class DemoExpiryJob extends Construct {
  constructor(scope: Construct, id: string, props: DemoExpiryJobProps) {
    super(scope, id);
    const settings = props.platform.system.demoExpiryJob;
    const deleteData = props.platform.global.demoExpiredData === 'delete';
    const access = new ApiAccess(this, 'Access', {
      name: DEMO_EXPIRY_NAME,
      namespace: props.namespace,
      rules: demoExpiryClusterRules(deleteData),
      clusterWide: true,
    });
    new ScheduledJob(this, 'Resource', {
      name: DEMO_EXPIRY_NAME,
      identity: identity('saas-charts', COMPONENT, props.namespace),
      schedule: settings.schedule,
      runAs: { user: 65532 },
      serviceAccountName: access.serviceAccountName,
      // The command calls the API server with this ServiceAccount's token.
      automountServiceAccountToken: true,
      deadlineSeconds: 1800,
      container: {
        name: 'saas-charts',
        image: demoExpiryImage(props.platform),
        // Explicit, so the manifest says whether data goes; --yes because nobody answers a prompt here.
        args: ['tenant', 'expire', '--output', 'json', '--data', deleteData ? 'delete' : 'keep', ...(deleteData ? ['--yes'] : [])],
        env: [{ name: 'HOME', value: '/tmp' }],
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        mounts: [{ name: 'tmp', mountPath: '/tmp', source: { emptyDir: true } }],
      },
    });
  }
}
