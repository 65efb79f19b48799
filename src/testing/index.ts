/**
 * `saas-charts/testing`: render charts and platforms to stable YAML text for
 * snapshot tests, from Jest or vitest. Our own golden files use the same helpers.
 *
 *   import { snapshotChart, yamlSnapshotSerializer } from 'saas-charts/testing';
 *   expect.addSnapshotSerializer(yamlSnapshotSerializer);
 *   expect(snapshotChart(new TenantChart(new App(), 'tenant-acme', props))).toMatchSnapshot();
 */
import type { Chart } from 'cdk8s';
import type { ManifestObject } from '../../constructs/index.js';
import { parsePlatform } from '../platform/load.js';
import type { Platform } from '../platform/schema.js';
import { sortForApply } from '../synth/order.js';
import { synthPlatform } from '../synth/synth.js';
import { toYamlStream, type JsonValue } from '../synth/yaml-writer.js';

const YAML_SNAPSHOT = Symbol.for('saas-charts.yaml-snapshot');

/** YAML text that snapshot serializers print as is (no quotes, no escaped newlines). */
export interface YamlSnapshot {
  readonly [YAML_SNAPSHOT]: true;
  readonly text: string;
}

/** A chart's objects in apply order, as YAML: the same text `saas-charts synth` writes, without the header. */
export function chartYaml(chart: Chart): string {
  return toYamlStream(sortForApply(chart.toJson() as ManifestObject[]) as unknown as JsonValue[]);
}

/** Every file a platform synthesizes, each introduced by a `# file: <path>` line. Accepts a model or platform YAML text. */
export function platformYaml(platform: Platform | string): string {
  const model = typeof platform === 'string' ? parsePlatform(platform) : platform;
  return synthPlatform(model).files.map((file) => `# file: ${file.path}\n${file.content}`).join('');
}

export function yamlSnapshot(text: string): YamlSnapshot {
  return { [YAML_SNAPSHOT]: true, text };
}

export function snapshotChart(chart: Chart): YamlSnapshot {
  return yamlSnapshot(chartYaml(chart));
}

export function snapshotPlatform(platform: Platform | string): YamlSnapshot {
  return yamlSnapshot(platformYaml(platform));
}

/** A pretty-format plugin, for `expect.addSnapshotSerializer` in Jest and vitest or Jest's `snapshotSerializers`. */
export const yamlSnapshotSerializer = {
  test(value: unknown): boolean {
    return typeof value === 'object' && value !== null && YAML_SNAPSHOT in value;
  },
  serialize(value: YamlSnapshot): string {
    return value.text.endsWith('\n') ? value.text.slice(0, -1) : value.text;
  },
};
