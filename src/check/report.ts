/** Renders check results: a report grouped by file and object for people, JSON for scripts. */
import type { CheckResult } from './check.js';
import { describeRef, type Finding } from './finding.js';

/** Paints a severity (the CLI passes its colours; plain text by default). */
export type SeverityPaint = (style: 'red' | 'yellow', text: string) => string;

export function formatReport(result: CheckResult, paint: SeverityPaint = (_style, text) => text): string {
  const lines: string[] = [];
  const byFile = groupBy(result.findings, (f) => f.file ?? '(fleet)');
  for (const [file, findings] of byFile) {
    lines.push(file);
    for (const [object, own] of groupBy(findings, (f) => describeRef(f.object))) {
      lines.push(`  ${object}`);
      for (const finding of own) {
        lines.push(`    ${finding.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning')} ${finding.rule}: ${finding.message}`);
        if (finding.path) lines.push(`            at ${finding.path}`);
        lines.push(`            fix: ${finding.hint}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(result: CheckResult): string {
  const counts = `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`;
  return `${result.errors === 0 && result.warnings === 0 ? 'no problems' : counts} in ${plural(result.objects, 'object')}`;
}

/** The report as data: what `--output json` and `--output yaml` print. */
export function reportData(result: CheckResult) {
  const findings = result.findings.map((f: Finding) => ({
    rule: f.rule, severity: f.severity, file: f.file ?? null, object: f.object, path: f.path ?? null, message: f.message, hint: f.hint,
  }));
  return { ok: result.errors === 0, errors: result.errors, warnings: result.warnings, objects: result.objects, findings };
}

export function reportJson(result: CheckResult): string {
  return `${JSON.stringify(reportData(result), null, 2)}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
