/** Scaling and disruption: HPAs own replica counts, multi-replica workloads have a PDB. */
import { selectorMatches } from '../context.js';
import type { UnitRule } from '../rule.js';

interface ScalingSpec { replicas?: number; scaleTargetRef?: { kind: string; name: string }; minReplicas?: number; selector?: { matchLabels?: Record<string, string> } }
const specOf = (object: unknown): ScalingSpec => ((object as { spec?: ScalingSpec }).spec ?? {});

export const hpaReplicasRule: UnitRule = {
  id: 'autoscaling/no-fixed-replicas',
  scope: 'unit',
  severity: 'error',
  title: 'no spec.replicas on a workload an HPA scales (every GitOps sync would reset it)',
  hint: 'remove spec.replicas from the workload; the HorizontalPodAutoscaler sets it',
  check(unit, report) {
    for (const hpa of unit.ofKind('HorizontalPodAutoscaler')) {
      const target = specOf(hpa.object).scaleTargetRef;
      const workload = unit.objects.find(({ object }) => object.kind === target?.kind && object.metadata.name === target?.name && object.metadata.namespace === hpa.object.metadata.namespace);
      if (workload && specOf(workload.object).replicas !== undefined) {
        report(workload, `${workload.object.kind} ${workload.object.metadata.name} sets spec.replicas (${specOf(workload.object).replicas}) but HPA ${hpa.object.metadata.name} scales it`, { path: 'spec.replicas' });
      }
    }
  },
};

export const disruptionBudgetRule: UnitRule = {
  id: 'availability/pod-disruption-budget',
  scope: 'unit',
  severity: 'error',
  title: 'every workload that runs more than one replica has a PodDisruptionBudget',
  hint: 'add a PodDisruptionBudget (maxUnavailable: 1) selecting the workload\'s pods',
  check(unit, report) {
    const budgets = unit.ofKind('PodDisruptionBudget');
    for (const template of unit.podTemplates.filter((t) => ['Deployment', 'StatefulSet'].includes(t.owner.object.kind))) {
      const { object } = template.owner;
      const hpa = unit.ofKind('HorizontalPodAutoscaler').find((h) => specOf(h.object).scaleTargetRef?.name === object.metadata.name && h.object.metadata.namespace === object.metadata.namespace);
      const replicas = hpa ? (specOf(hpa.object).minReplicas ?? 1) : (specOf(object).replicas ?? 1);
      if (replicas <= 1) continue;
      const covered = budgets.some((b) => b.object.metadata.namespace === object.metadata.namespace && selectorMatches(specOf(b.object).selector, template.labels));
      if (!covered) report(template.owner, `${object.kind} ${object.metadata.name} runs ${replicas} replicas without a PodDisruptionBudget`);
    }
  },
};
