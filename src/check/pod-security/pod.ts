/**
 * A read-only view of an untyped pod spec, shaped like the upstream checks read it: every lookup
 * tolerates missing fields and wrong types, so a check never throws on odd input.
 */

import { listOf, objectOf, stringOf, type JsonObject } from '../../json-view.js';

export type { JsonObject };

export { listOf, objectOf, stringOf };

/** Set in the Go sense: a JSON `null` decodes to a nil pointer, so only a present, non-null value counts. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** `"a"` for one item, `"a", "b"` for several: upstream's joinQuote. */
export function quote(...items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

export interface ContainerView {
  readonly name: string;
  /** Relative to the pod spec, e.g. `initContainers[0]`. */
  readonly path: string;
  readonly value: JsonObject;
  readonly securityContext: JsonObject | undefined;
}

export interface PodView {
  readonly spec: JsonObject;
  /** `securityContext` of the pod, when it is an object. */
  readonly securityContext: JsonObject | undefined;
  /** Init containers, containers, then ephemeral containers: the order of upstream's visitContainers. */
  readonly containers: readonly ContainerView[];
  readonly annotations: Readonly<Record<string, string>>;
  /** `spec.hostUsers: false`: the pod runs in a user namespace (upstream relaxPolicyForUserNamespacePod). */
  readonly userNamespace: boolean;
  /** `spec.os.name: windows`: exempts the pod from the Linux-only restricted checks since policy 1.25. */
  readonly windows: boolean;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function podView(podSpec: unknown, podMetadata: unknown): PodView {
  const spec = objectOf(podSpec) ?? {};
  const containers = CONTAINER_LISTS.flatMap((list) =>
    listOf(spec[list]).flatMap((item, index) => {
      const value = objectOf(item);
      if (!value) return [];
      const path = `${list}[${index}]`;
      return [{ name: stringOf(value.name) ?? path, path, value, securityContext: objectOf(value.securityContext) }];
    }),
  );
  return {
    spec,
    securityContext: objectOf(spec.securityContext),
    containers,
    annotations: stringEntries(objectOf(objectOf(podMetadata)?.annotations)),
    userNamespace: spec.hostUsers === false,
    windows: objectOf(spec.os)?.name === 'windows',
  };
}

function stringEntries(object: JsonObject | undefined): Record<string, string> {
  const entries = Object.entries(object ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries);
}

/** A securityContext and who owns it: the pod (`who: 'pod'`) or one container (`who: 'container "api"'`). */
export interface SecurityContextOwner {
  readonly who: string;
  /** Path of the securityContext, e.g. `securityContext` or `containers[0].securityContext`. */
  readonly path: string;
  readonly context: JsonObject | undefined;
  /** Set for a container; unset for the pod. */
  readonly container?: ContainerView;
}

export function podSecurityContext(pod: PodView): SecurityContextOwner {
  return { who: 'pod', path: 'securityContext', context: pod.securityContext };
}

export function containerSecurityContexts(pod: PodView): SecurityContextOwner[] {
  return pod.containers.map((container) => ({ who: `container ${quote(container.name)}`, path: `${container.path}.securityContext`, context: container.securityContext, container }));
}

/** The pod's securityContext first, then every container's. */
export function allSecurityContexts(pod: PodView): SecurityContextOwner[] {
  return [podSecurityContext(pod), ...containerSecurityContexts(pod)];
}
