/** Markdown pieces the chart pages share: tables and inline code that survive any cell text. */

/** A table cell: pipes escaped and line breaks flattened, so a value never breaks the table. */
export function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function code(value: string): string {
  return value === '' ? '' : `\`${value}\``;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

/** A table, or a sentence saying there is nothing to list. */
export function tableOrNone(header: readonly string[], rows: readonly (readonly string[])[], none: string): string {
  return rows.length === 0 ? none : table(header, rows);
}
