/** Baseline checks that keep a pod off the host: namespaces, ports, probe hosts, Windows HostProcess. */
import { allSecurityContexts, listOf, objectOf, quote, stringOf, type ContainerView, type JsonObject } from './pod.js';
import type { PodSecurityCheck, Problem } from './violation.js';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export const hostNamespaces: PodSecurityCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  source: 'check_hostNamespaces.go',
  note: 'one version (1.0): hostNetwork, hostPID and hostIPC must be unset or false',
  evaluate: (pod) =>
    HOST_NAMESPACES.filter((field) => pod.spec[field] === true).map((field) => ({
      path: field,
      message: `pod must not set ${field}=true`,
      hint: `remove ${field} from the pod spec (or set it to false); expose the workload through a Service instead`,
    })),
};

export const hostPorts: PodSecurityCheck = {
  id: 'hostPorts',
  level: 'baseline',
  source: 'check_hostPorts.go',
  note: 'one version (1.0): every ports[*].hostPort of every container must be unset or 0',
  evaluate: (pod) =>
    pod.containers.flatMap((container) =>
      listPorts(container).flatMap(({ port, path }) => {
        const hostPort = port.hostPort;
        if (typeof hostPort !== 'number' || hostPort === 0) return [];
        return [{ path: `${path}.hostPort`, message: `container ${quote(container.name)} uses hostPort ${hostPort}`, hint: 'remove hostPort and reach the container through a Service' }];
      }),
    ),
};

function listPorts(container: ContainerView): { port: JsonObject; path: string }[] {
  return listOf(container.value.ports).flatMap((item, index) => {
    const port = objectOf(item);
    return port ? [{ port, path: `${container.path}.ports[${index}]` }] : [];
  });
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const HANDLER_ACTIONS = ['httpGet', 'tcpSocket'] as const;

export const hostProbesAndHostLifecycle: PodSecurityCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  source: 'check_hostProbesAndhostLifecycle.go',
  note: 'added in policy 1.34 (no check before): httpGet.host and tcpSocket.host of probes and lifecycle handlers must be empty',
  evaluate: (pod) => pod.containers.flatMap(hostHandlers),
};

function hostHandlers(container: ContainerView): Problem[] {
  const lifecycle = objectOf(container.value.lifecycle);
  const handlers = [
    ...PROBES.map((probe) => ({ handler: objectOf(container.value[probe]), path: `${container.path}.${probe}` })),
    ...LIFECYCLE_HANDLERS.map((name) => ({ handler: objectOf(lifecycle?.[name]), path: `${container.path}.lifecycle.${name}` })),
  ];
  return handlers.flatMap(({ handler, path }) =>
    HANDLER_ACTIONS.flatMap((action) => {
      const host = stringOf(objectOf(handler?.[action])?.host);
      if (!host) return [];
      return [{ path: `${path}.${action}.host`, message: `container ${quote(container.name)} uses probe or lifecycle host ${quote(host)}`, hint: `remove ${action}.host: the kubelet then probes the pod's own IP` }];
    }),
  );
}

export const windowsHostProcess: PodSecurityCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  source: 'check_windowsHostProcess.go',
  note: 'one version (1.0): securityContext.windowsOptions.hostProcess must be unset or false on the pod and every container',
  evaluate: (pod) =>
    allSecurityContexts(pod)
      .filter(({ context }) => objectOf(context?.windowsOptions)?.hostProcess === true)
      .map(({ who, path }) => ({
        path: `${path}.windowsOptions.hostProcess`,
        message: `${who} must not set securityContext.windowsOptions.hostProcess=true`,
        hint: 'remove windowsOptions.hostProcess (or set it to false)',
      })),
};
