/**
 * The part of an OpenAPI v3 / Kubernetes structural schema the check reads: the
 * Kubernetes definitions and CRD `openAPIV3Schema`s share this vocabulary.
 */

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface OpenApiSchema {
  readonly $ref?: string;
  readonly type?: JsonType;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly allOf?: readonly OpenApiSchema[];
  readonly anyOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The part of a CustomResourceDefinition the check reads. */
export interface CustomResourceDefinition {
  readonly kind?: string;
  readonly spec?: {
    readonly group?: string;
    readonly names?: { readonly kind?: string };
    readonly versions?: readonly { readonly name: string; readonly served?: boolean; readonly schema?: { readonly openAPIV3Schema?: OpenApiSchema } }[];
  };
}

/** `apps/v1` -> group `apps`, version `v1`; `v1` -> the core group `''`. */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf({ group, version }: { readonly group: string; readonly version: string }): string {
  return group === '' ? version : `${group}/${version}`;
}
