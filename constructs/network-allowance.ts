/**
 * Named holes in a default-deny namespace. Each allowance becomes one
 * NetworkPolicy whose name says why it exists (`allow-dns`, ...).
 */
import { k8s } from './k8s.js';

export interface NetworkAllowance {
  /** NetworkPolicy name, e.g. `allow-dns`. */
  readonly name: string;
  readonly spec: k8s.NetworkPolicySpec;
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespaceNamed = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

export interface PeerPods {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

export const NetworkAllowance = {
  /** Ingress and egress closed for every pod; the allowances open what is needed. */
  defaultDeny(): NetworkAllowance {
    return { name: 'default-deny', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
  },

  /** Every pod may resolve names through kube-dns / CoreDNS. */
  dns(): NetworkAllowance {
    return {
      name: 'allow-dns',
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
        }],
      },
    };
  },

  /** Pods of the namespace talk to each other (app -> database, web -> api, database peers). */
  sameNamespace(): NetworkAllowance {
    return {
      name: 'allow-same-namespace',
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
    };
  },

  /** The ingress controller proxies to pod IPs, so it must reach the serving pods' ports. */
  fromIngressController(controller: PeerPods, components: readonly string[], ports: readonly number[]): NetworkAllowance {
    return {
      name: 'allow-ingress-controller',
      spec: {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...components] }] },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: namespaceNamed(controller.namespace), podSelector: { matchLabels: { ...controller.podLabels } } }], ports: ports.map(tcp) }],
      },
    };
  },

  /** cert-manager's HTTP-01 solver pod listens on 8089 in the Certificate's namespace. */
  acmeHttp01Solver(controller: PeerPods): NetworkAllowance {
    return {
      name: 'allow-acme-http01-solver',
      spec: {
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: namespaceNamed(controller.namespace), podSelector: { matchLabels: { ...controller.podLabels } } }], ports: [tcp(8089)] }],
      },
    };
  },

  /**
   * CloudNativePG: the operator reaches instances on 8000 (status) and 5432;
   * instances reach the API server (a primary that cannot is shut down since
   * CNPG 1.27) and the object store. NetworkPolicy cannot select the API server,
   * so egress is opened on its ports.
   */
  cloudNativePg(clusterName: string, operatorNamespace: string): NetworkAllowance {
    return {
      name: `allow-cnpg-${clusterName}`,
      spec: {
        podSelector: { matchLabels: { 'cnpg.io/cluster': clusterName } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{
          from: [{ namespaceSelector: namespaceNamed(operatorNamespace), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cloudnative-pg' } } }],
          ports: [tcp(8000), tcp(5432)],
        }],
        egress: [{ ports: [tcp(443), tcp(6443)] }],
      },
    };
  },

  /** Pods of another namespace reach selected pods here on the given ports. */
  fromNamespace(name: string, peer: PeerPods, podSelector: k8s.LabelSelector, ports: readonly number[]): NetworkAllowance {
    return {
      name,
      spec: {
        podSelector,
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: namespaceNamed(peer.namespace), podSelector: { matchLabels: { ...peer.podLabels } } }], ports: ports.map(tcp) }],
      },
    };
  },

  /** Selected pods reach pods of another namespace on the given ports. */
  toNamespace(name: string, podSelector: k8s.LabelSelector, peer: PeerPods, ports: readonly number[]): NetworkAllowance {
    return {
      name,
      spec: {
        podSelector,
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: namespaceNamed(peer.namespace), podSelector: { matchLabels: { ...peer.podLabels } } }], ports: ports.map(tcp) }],
      },
    };
  },

  /** Selected pods reach any address on the given ports (SMTP, payment and e-mail APIs, the Kubernetes API). */
  egressToPorts(name: string, podSelector: k8s.LabelSelector, ports: readonly number[]): NetworkAllowance {
    return { name, spec: { podSelector, policyTypes: ['Egress'], egress: [{ ports: ports.map(tcp) }] } };
  },
} as const;
