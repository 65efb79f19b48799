/** Container resources as plain quantities; every container gets both requests and limits. */
import { k8s } from './k8s.js';
import { isQuantity } from './quantity.js';

export interface ComputeQuantities {
  /** e.g. `500m`, `2` */
  readonly cpu: string;
  /** e.g. `512Mi`, `2Gi` */
  readonly memory: string;
}

export interface ContainerResources {
  readonly requests: ComputeQuantities;
  readonly limits: ComputeQuantities;
}

export function toKubeResources(resources: ContainerResources, what: string): k8s.ResourceRequirements {
  for (const [side, pair] of Object.entries(resources) as [string, ComputeQuantities][]) {
    for (const [key, value] of Object.entries(pair)) {
      if (!isQuantity(value)) throw new Error(`${what}: resources.${side}.${key} "${value}" is not a Kubernetes quantity`);
    }
  }
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.requests.cpu), memory: k8s.Quantity.fromString(resources.requests.memory) },
    limits: { cpu: k8s.Quantity.fromString(resources.limits.cpu), memory: k8s.Quantity.fromString(resources.limits.memory) },
  };
}
