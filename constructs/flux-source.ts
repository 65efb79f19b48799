/** The GitOps path of seed 000: a Flux GitRepository and a Kustomization that applies (and prunes) one folder of it. */
import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/fluxkustomize-kustomize.toolkit.fluxcd.io.js';
import { GitRepository } from '../imports/fluxsource-source.toolkit.fluxcd.io.js';
import { assertDnsLabel } from './names.js';

export interface FluxFolderProps {
  /** Name of both objects. */
  readonly name: string;
  /** @default 'flux-system' */
  readonly namespace?: string;
  readonly url: string;
  /** @default 'main' */
  readonly branch?: string;
  /** Folder in the repository, e.g. `./dist/bricks`. */
  readonly path: string;
  /** Git credentials Secret in the Flux namespace. @default - a public repository */
  readonly secretName?: string;
  /** Delete objects whose manifests left the folder. @default true */
  readonly prune?: boolean;
  /** @default '1m' for the source, '10m' for drift correction */
  readonly interval?: string;
}

export class FluxFolder extends Construct {
  constructor(scope: Construct, id: string, props: FluxFolderProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'Flux object name');
    const namespace = props.namespace ?? 'flux-system';
    new GitRepository(this, 'Source', {
      metadata: { name: props.name, namespace },
      spec: { interval: props.interval ?? '1m', url: props.url, ref: { branch: props.branch ?? 'main' }, secretRef: props.secretName ? { name: props.secretName } : undefined },
    });
    new Kustomization(this, 'Resource', {
      metadata: { name: props.name, namespace },
      spec: {
        interval: '10m',
        retryInterval: '2m',
        timeout: '5m',
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.name },
        path: props.path,
        prune: props.prune ?? true,
        wait: true,
      },
    });
  }
}
