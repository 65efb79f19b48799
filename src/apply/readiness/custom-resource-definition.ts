/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition (kstatus `crdConditions`): Established means
 * the API server serves the new kind; names it refused will never be served.
 */
import { conditionOf, describeCondition, failed, inProgress, ready, type ObservedView } from './fields.js';
import type { Readiness } from './types.js';

export function customResourceDefinitionReadiness({ status }: ObservedView): Readiness {
  const namesAccepted = conditionOf(status, 'NamesAccepted');
  if (namesAccepted?.status === 'False') return failed(describeCondition(namesAccepted));
  const established = conditionOf(status, 'Established');
  if (established?.status === 'True') return ready(describeCondition(established));
  if (established?.status === 'False' && established.reason !== 'Installing') return failed(describeCondition(established));
  return inProgress(established ? describeCondition(established) : 'waiting for the Established condition');
}
