/** Aligned columns for the `table` output: widths from the visible text, colours applied after padding. */
import type { Painter, Style } from './colour.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Numbers read better right-aligned. @default 'left' */
  readonly align?: 'left' | 'right';
  /** A colour for a cell (state, severity), applied only when colours are on. */
  readonly style?: (row: Row) => Style | undefined;
}

export interface TableOptions {
  /** @default - no colours */
  readonly paint?: Painter;
  /** @default true */
  readonly headers?: boolean;
}

/** Rows as aligned columns separated by two spaces, a header line first; no trailing spaces. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], options: TableOptions = {}): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const showHeaders = options.headers ?? true;
  const widths = columns.map((column, index) => Math.max(showHeaders ? column.header.length : 0, ...cells.map((line) => line[index].length)));
  const paint = options.paint;
  const lines: string[] = [];
  const render = (values: readonly string[], styles: readonly (Style | undefined)[]) => values.map((value, index) => {
    const last = index === values.length - 1;
    const padded = columns[index].align === 'right' ? value.padStart(widths[index]) : last ? value : value.padEnd(widths[index]);
    const style = styles[index];
    return style && paint ? paint(style, padded) : padded;
  }).join('  ').trimEnd();
  if (showHeaders) lines.push(render(columns.map((column) => column.header.toUpperCase()), columns.map(() => (paint ? 'bold' : undefined))));
  rows.forEach((row, index) => lines.push(render(cells[index], columns.map((column) => column.style?.(row)))));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
