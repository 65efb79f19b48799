/**
 * What to do after an error whose message cannot say it (it comes from a layer that
 * does not know the command line). Matched by class name, so --help loads nothing more.
 */
import type { SaasChartsError } from '../errors.js';

export function nextStep(error: SaasChartsError): string | undefined {
  switch (error.name) {
    case 'ClusterUnreachable':
      return 'check that the cluster is up and that the kubeconfig points at it (--kubeconfig FILE, --context NAME, or $KUBECONFIG)';
    case 'KubeApiError': {
      const status = (error as SaasChartsError & { readonly status?: number }).status;
      if (status === 401) return 'the cluster did not accept the kubeconfig\'s credentials; refresh them (or pick another --context)';
      if (status === 403) return 'the kubeconfig\'s user may not do this; `kubectl auth can-i --list` shows what it may do';
      return undefined;
    }
    case 'WaitError':
      return 'run `saas-charts status` to see what is not ready; applying again continues where this stopped';
    case 'ConfigError':
      return 'fix the platform file and run again; `saas-charts schema` describes every field';
    default:
      return undefined;
  }
}
