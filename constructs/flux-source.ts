/**
 * Flux wiring: a GitRepository (the source) and Kustomizations that apply (and
 * prune) one folder of it, on the cluster Flux runs in or, through a kubeconfig
 * Secret, on another one. FluxFolder is the GitOps path of seed 000: one of each.
 */
import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/fluxkustomize-kustomize.toolkit.fluxcd.io.js';
import { GitRepository, type GitRepositorySpecRef } from '../imports/fluxsource-source.toolkit.fluxcd.io.js';
import { assertDnsLabel } from './names.js';

export interface FluxGitSourceProps {
  readonly name: string;
  /** @default 'flux-system' */
  readonly namespace?: string;
  readonly url: string;
  /** Branch to follow; a 40-hex commit or a full `refs/...` name is checked out as such. @default 'main' */
  readonly revision?: string;
  /** Git credentials Secret in the Flux namespace. @default - a public repository */
  readonly secretName?: string;
  /** What Flux fetches, in .sourceignore (gitignore) syntax. @default - Flux's own default */
  readonly ignore?: string;
  /** @default '1m' */
  readonly interval?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Flux GitRepository. */
export class FluxGitSource extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: FluxGitSourceProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'Flux object name');
    this.name = props.name;
    new GitRepository(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'flux-system', labels: props.labels ? { ...props.labels } : undefined },
      spec: { interval: props.interval ?? '1m', url: props.url, ref: gitRef(props.revision ?? 'main'), secretRef: props.secretName ? { name: props.secretName } : undefined, ignore: props.ignore },
    });
  }
}

const COMMIT = /^[0-9a-f]{40}$/;

function gitRef(revision: string): GitRepositorySpecRef {
  if (COMMIT.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}

export interface FluxKustomizationProps {
  readonly name: string;
  /** @default 'flux-system' */
  readonly namespace?: string;
  /** The GitRepository it applies from, in the same namespace. */
  readonly sourceName: string;
  /** Folder in the repository, e.g. `./dist/bricks`. */
  readonly path: string;
  /** Delete objects whose manifests left the folder. @default true */
  readonly prune?: boolean;
  /** Secret in the Flux namespace with the kubeconfig (key `value`) of the cluster to apply to. @default - the cluster Flux runs in */
  readonly kubeConfigSecretName?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Flux Kustomization: applies a folder every 10 minutes (drift correction) and whenever its source changes. */
export class FluxKustomization extends Construct {
  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'Flux object name');
    new Kustomization(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace ?? 'flux-system', labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        interval: '10m',
        retryInterval: '2m',
        timeout: '5m',
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.sourceName },
        path: props.path,
        prune: props.prune ?? true,
        wait: true,
        kubeConfig: props.kubeConfigSecretName === undefined ? undefined : { secretRef: { name: props.kubeConfigSecretName } },
      },
    });
  }
}

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
}

/** One folder of one repository: a GitRepository and the Kustomization that applies it. */
export class FluxFolder extends Construct {
  constructor(scope: Construct, id: string, props: FluxFolderProps) {
    super(scope, id);
    const source = new FluxGitSource(this, 'Source', { name: props.name, namespace: props.namespace, url: props.url, revision: props.branch, secretName: props.secretName });
    new FluxKustomization(this, 'Sync', { name: props.name, namespace: props.namespace, sourceName: source.name, path: props.path, prune: props.prune });
  }
}
