/** An Argo CD Application that syncs a folder of plain YAML with server-side apply. */
import { Construct } from 'constructs';
import { Application } from '../imports/argocd-argoproj.io.js';
import { assertDnsLabel } from './names.js';

export interface ArgoApplicationProps {
  readonly name: string;
  /** Namespace where Argo CD runs. @default 'argocd' */
  readonly argocdNamespace?: string;
  /** @default 'default' */
  readonly project?: string;
  readonly repoURL: string;
  /** @default 'main' */
  readonly targetRevision?: string;
  /** Folder in the repository. */
  readonly path: string;
  /** Namespace for namespaced objects without one. */
  readonly destinationNamespace: string;
  /** @default 'https://kubernetes.default.svc' */
  readonly destinationServer?: string;
  /** The destination cluster by its Argo CD name instead of its server URL. @default - destinationServer */
  readonly destinationName?: string;
  /** Glob of files in the folder that this Application leaves to something else. @default - none */
  readonly exclude?: string;
  /** Delete objects removed from Git. @default true */
  readonly prune?: boolean;
  /** Revert changes made outside Git. @default true */
  readonly selfHeal?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

export class ArgoApplication extends Construct {
  readonly application: Application;

  constructor(scope: Construct, id: string, props: ArgoApplicationProps) {
    super(scope, id);
    assertDnsLabel(props.name, 'Argo CD application name');
    this.application = new Application(this, 'Resource', {
      metadata: { name: props.name, namespace: props.argocdNamespace ?? 'argocd', labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        project: props.project ?? 'default',
        source: { repoUrl: props.repoURL, targetRevision: props.targetRevision ?? 'main', path: props.path, directory: { recurse: true, exclude: props.exclude } },
        destination: props.destinationName !== undefined && props.destinationServer === undefined
          ? { name: props.destinationName, namespace: props.destinationNamespace }
          : { server: props.destinationServer ?? 'https://kubernetes.default.svc', namespace: props.destinationNamespace },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true, allowEmpty: false },
          syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  }
}
