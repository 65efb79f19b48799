/** A cert-manager Certificate, for a Secret that must exist independently of any one Ingress. */
import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../imports/certmanager-cert-manager.io.js';
import { isDomainName } from './names.js';

export interface TlsCertificateProps {
  readonly name: string;
  /** @default - same as name */
  readonly secretName?: string;
  /** Host names; a leading `*.` requests a wildcard (DNS-01 only). */
  readonly dnsNames: readonly string[];
  /** Name of a ClusterIssuer. */
  readonly clusterIssuer: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - the chart's namespace */
  readonly namespace?: string;
}

export class TlsCertificate extends Construct {
  readonly secretName: string;
  readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: TlsCertificateProps) {
    super(scope, id);
    if (props.dnsNames.length === 0) throw new Error(`certificate "${props.name}" needs at least one DNS name`);
    for (const name of props.dnsNames) {
      if (!isDomainName(name.replace(/^\*\./, ''))) throw new Error(`certificate "${props.name}": "${name}" is not a host name`);
    }
    this.secretName = props.secretName ?? props.name;
    this.certificate = new Certificate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        secretName: this.secretName,
        dnsNames: [...props.dnsNames],
        issuerRef: { name: props.clusterIssuer, kind: 'ClusterIssuer', group: 'cert-manager.io' },
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      },
    });
  }
}
