/**
 * The MechanicBuddy application as the free tier and every dedicated tenant
 * run it: `api` (.NET) and `web` (Next.js), their generated secrets and the
 * e-mail credentials. The charts differ only in names, scale and the API's
 * tenancy and database settings.
 */
import { Construct } from 'constructs';
import { DeclaredSecret, WebService, type AutoscalingSettings, type ContainerResources, type k8s } from '../../constructs/index.js';
import type { Platform } from '../platform/schema.js';
import { API_HEALTH, API_PORT, DOTNET_USER, NEXTJS_USER, WEB_HEALTH, WEB_PORT, env, identity, nextJsEnv } from './identity.js';

/** Secret with the platform's e-mail API key, supplied per namespace. */
export const EMAIL_SECRET = 'email-credentials';

export interface AppWorkloadScale {
  readonly resources: ContainerResources;
  /** @default 1 */
  readonly replicas?: number;
  /** Replaces `replicas`. */
  readonly autoscaling?: AutoscalingSettings;
}

export interface MechanicBuddyAppProps {
  readonly platform: Platform;
  readonly namespace: string;
  /** Version label of the workloads (the image tag). */
  readonly version: string;
  readonly names: { readonly api: string; readonly web: string };
  readonly images: { readonly api: string; readonly web: string };
  readonly api: AppWorkloadScale;
  readonly web: AppWorkloadScale;
  /** Generated JWT, consumer and session secrets. */
  readonly secretName: string;
  /** Browser-facing API URL, e.g. `https://acme.mechanicbuddy.app/api`. */
  readonly publicApiUrl: string;
  /** Tenancy, CORS and database settings of the API, after the common ones. */
  readonly apiEnv: readonly k8s.EnvVar[];
}

export class MechanicBuddyApp extends Construct {
  readonly api: WebService;
  readonly web: WebService;

  constructor(scope: Construct, id: string, props: MechanicBuddyAppProps) {
    super(scope, id);
    const email = props.platform.system.email;
    const secret = new DeclaredSecret(this, 'AppSecret', {
      name: props.secretName,
      namespace: props.namespace,
      keys: [
        { key: 'jwt-secret', source: 'generated', bytes: 64, description: 'Signs the API\'s JWTs' },
        { key: 'consumer-secret', source: 'generated', description: 'Shared secret between web and API' },
        { key: 'session-secret', source: 'generated', description: 'Encrypts web sessions' },
      ],
    });
    const emailSecret = new DeclaredSecret(this, 'EmailSecret', {
      name: EMAIL_SECRET,
      namespace: props.namespace,
      keys: [{ key: 'api-key', source: 'supplied', description: 'Resend (SMTP) API key' }],
    });

    this.api = new WebService(this, 'Api', {
      name: props.names.api,
      identity: identity('mechanicbuddy-api', 'api', props.namespace, props.version),
      image: props.images.api,
      port: API_PORT,
      ...props.api,
      health: API_HEALTH,
      runAs: DOTNET_USER,
      env: [
        env('ASPNETCORE_URLS', `http://+:${API_PORT}`),
        env('ASPNETCORE_ENVIRONMENT', 'Production'),
        ...props.apiEnv,
        secret.envVar('JwtOptions__Secret', 'jwt-secret'),
        secret.envVar('JwtOptions__ConsumerSecret', 'consumer-secret'),
        env('SmtpOptions__Host', email.smtpHost),
        env('SmtpOptions__Port', String(email.smtpPort)),
        env('SmtpOptions__From', email.fromEmail),
        emailSecret.envVar('SmtpOptions__Password', 'api-key'),
      ],
    });

    this.web = new WebService(this, 'Web', {
      name: props.names.web,
      identity: identity('mechanicbuddy-web', 'web', props.namespace, props.version),
      image: props.images.web,
      port: WEB_PORT,
      ...props.web,
      health: WEB_HEALTH,
      runAs: NEXTJS_USER,
      writablePaths: NEXTJS_WRITABLE_PATHS,
      env: [
        ...nextJsEnv(WEB_PORT, this.api.url, props.publicApiUrl),
        env('NEXT_PUBLIC_SESSION_TIMEOUT', '1500'),
        secret.envVar('SERVER_SECRET', 'consumer-secret'),
        secret.envVar('SESSION_SECRET', 'session-secret'),
      ],
    });
  }
}

/** Next.js standalone needs a writable cache under a read-only root file system. */
export const NEXTJS_WRITABLE_PATHS = ['/tmp', '/app/.next/cache'];
