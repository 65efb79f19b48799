/**
 * Reusable field types of the platform file. Each one rejects bad input with a
 * message that quotes the value and says what is expected.
 */
import { z } from 'zod';
import { isDnsLabel, isDomainName } from '../../constructs/names.js';
import { isQuantity, parseQuantity, quantityHint } from '../../constructs/quantity.js';
import { cronProblem } from './cron.js';

const quote = (value: unknown): string => JSON.stringify(value);

export const dnsLabel = z.string().refine(isDnsLabel, {
  error: (issue) => `${quote(issue.input)} is not a DNS label (at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit)`,
});

export const domainName = z.string().refine(isDomainName, {
  error: (issue) => `${quote(issue.input)} is not a domain name (lowercase labels separated by dots, such as "shop.example.com")`,
});

/**
 * A Kubernetes quantity whose JSON Schema shows `examples`. The examples sit on
 * the input union: for a transforming schema zod drops the `examples` of its own
 * metadata from the input JSON Schema, and the property inherits them from the
 * pipe's input instead. Validation is the same as `quantity`'s.
 */
export const quantityWithExamples = (examples: readonly string[]) => z
  .union([z.string(), z.number()])
  .meta({ examples: [...examples] })
  .transform((value) => String(value))
  .refine(isQuantity, {
    error: (issue) => {
      const hint = quantityHint(String(issue.input));
      return `${quote(issue.input)} is not a Kubernetes quantity${hint ? ` (did you mean "${hint}"?)` : ' (examples: 500m, 2, 512Mi, 50Gi)'}`;
    },
  });

/** A Kubernetes quantity; YAML numbers (`cpu: 2`) are accepted and kept as text. */
export const quantity = quantityWithExamples(['500m', '2', '512Mi', '50Gi']);

/** A container image with a pinned tag or digest: never `latest`, never untagged. */
export const pinnedImage = z.string().superRefine((image, ctx) => {
  const problem = imageProblem(image);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export function imageProblem(image: string): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return `image ${quote(image)} has no tag; pin a version such as "${image}:1.2.3"`;
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return `image ${quote(image)} uses the floating tag "latest"; pin a version such as "${image.slice(0, colon)}:1.2.3"`;
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) return `image ${quote(image)} has an invalid tag ${quote(tag)}`;
  return undefined;
}

export const imageTag = z.string().refine((tag) => /^[\w][\w.-]{0,127}$/.test(tag) && tag !== 'latest', {
  error: (issue) => (issue.input === 'latest' ? 'the floating tag "latest" is not allowed; pin a version such as "v1.2.3"' : `${quote(issue.input)} is not an image tag`),
});

/** Five-field cron (CronJob) or six-field cron with seconds first (CNPG ScheduledBackup). */
export const cron = (fields: 5 | 6) =>
  z.string().superRefine((expression, ctx) => {
    const problem = cronProblem(expression, fields);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** CNPG / Barman retention such as `7d`, `4w`, `6m`. */
export const retention = z.string().regex(/^[1-9][0-9]*[dwm]$/, {
  error: (issue) => `${quote(issue.input)} is not a retention period (a number and d, w or m, such as "7d")`,
});

export const email = z.email({ error: (issue) => `${quote(issue.input)} is not an email address` });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  error: (issue) => `${quote(issue.input)} is not a date (YYYY-MM-DD)`,
}).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), {
  error: (issue) => `${quote(issue.input)} is not a calendar date`,
});

export const resourcePair = z.strictObject({
  cpu: quantityWithExamples(['500m', '2']).meta({ description: 'CPU in cores ("2", or a YAML number) or millicores ("500m").' }),
  memory: quantityWithExamples(['512Mi', '2Gi']).meta({ description: 'Memory in bytes with a binary suffix ("512Mi", "2Gi").' }),
});

/** Requests and limits, both required: every container declares both, and a limit below its request is rejected by Kubernetes. */
export const resources = z.strictObject({
  requests: resourcePair.meta({ description: 'What the container is guaranteed: the scheduler places the pod by it and ResourceQuotas count it.' }),
  limits: resourcePair.meta({ description: 'The most the container may use: CPU above it is throttled, memory above it gets the container OOM-killed. Each limit must be at least its request.' }),
}).superRefine((value, ctx) => {
  for (const key of ['cpu', 'memory'] as const) {
    const request = value.requests[key];
    const limit = value.limits[key];
    if (isQuantity(request) && isQuantity(limit) && parseQuantity(limit) < parseQuantity(request)) {
      ctx.addIssue({ code: 'custom', path: ['limits', key], message: `limit ${quote(limit)} is below the request ${quote(request)}` });
    }
  }
}).meta({ description: 'CPU and memory requests and limits of a container, both required: { requests: { cpu, memory }, limits: { cpu, memory } }.' });

export type ResourceSettings = z.output<typeof resources>;
