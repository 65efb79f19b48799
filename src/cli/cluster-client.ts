/** The client of the kubeconfig's cluster, for every command that talks to one. */
import type { ObjectClient } from '../apply/objects.js';

export interface ClusterFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export async function connectClient(flags: ClusterFlags, detail?: (text: string) => void): Promise<ObjectClient> {
  const { connect } = await import('../apply/transport.js');
  const { ObjectClient } = await import('../apply/objects.js');
  const transport = await connect({ kubeconfig: flags.kubeconfig, context: flags.context });
  detail?.(`cluster ${transport.server}${flags.context ? ` (context ${flags.context})` : ''}`);
  return new ObjectClient(transport);
}
