/**
 * A public Ingress with TLS on every host. Each TLS group names where its
 * certificate comes from: a Certificate of ours, an existing Secret, or the
 * ingress controller's default (wildcard) certificate.
 */
import { Construct } from 'constructs';
import { k8s } from './k8s.js';
import { assertDnsLabel, isDomainName } from './names.js';

export interface IngressPath {
  /** e.g. `/api`; matched as a prefix. */
  readonly path: string;
  readonly serviceName: string;
  readonly servicePort: number;
}

export interface TlsGroup {
  readonly hosts: readonly string[];
  /** Secret holding the certificate. @default - the controller's default certificate */
  readonly secretName?: string;
}

export interface PublicIngressProps {
  readonly name: string;
  readonly className: string;
  readonly hosts: readonly string[];
  /** Paths served on every host; longest prefix wins. */
  readonly paths: readonly IngressPath[];
  /** Must cover every host. */
  readonly tls: readonly TlsGroup[];
  /** Publish the hosts through external-dns. @default false */
  readonly externalDns?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export class PublicIngress extends Construct {
  readonly ingress: k8s.KubeIngress;
  readonly hosts: readonly string[];

  constructor(scope: Construct, id: string, props: PublicIngressProps) {
    super(scope, id);
    validate(props);
    this.hosts = props.hosts;
    const annotations: Record<string, string> = { ...props.annotations };
    if (props.externalDns) annotations['external-dns.alpha.kubernetes.io/hostname'] = props.hosts.join(',');
    const paths = [...props.paths].sort((a, b) => b.path.length - a.path.length);
    this.ingress = new k8s.KubeIngress(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels ? { ...props.labels } : undefined, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      spec: {
        ingressClassName: props.className,
        tls: props.tls.map((group) => ({ hosts: [...group.hosts], secretName: group.secretName })),
        rules: props.hosts.map((host) => ({
          host,
          http: {
            paths: paths.map((path) => ({
              path: path.path,
              pathType: 'Prefix',
              backend: { service: { name: path.serviceName, port: { number: path.servicePort } } },
            })),
          },
        })),
      },
    });
  }
}

function validate(props: PublicIngressProps): void {
  assertDnsLabel(props.name, 'ingress name');
  if (props.hosts.length === 0) throw new Error(`ingress "${props.name}" needs at least one host`);
  for (const host of props.hosts) {
    if (!isDomainName(host.replace(/^\*\./, ''))) throw new Error(`ingress "${props.name}": "${host}" is not a host name`);
  }
  const covered = new Set(props.tls.flatMap((group) => group.hosts));
  const uncovered = props.hosts.filter((host) => !covered.has(host));
  if (uncovered.length > 0) throw new Error(`ingress "${props.name}": host ${uncovered.map((h) => `"${h}"`).join(', ')} has no TLS; every public host must be served over TLS`);
  for (const path of props.paths) {
    if (!path.path.startsWith('/')) throw new Error(`ingress "${props.name}": path "${path.path}" must start with "/"`);
  }
}
