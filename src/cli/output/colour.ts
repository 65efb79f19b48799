/**
 * Colours without a library: on only when the stream is a terminal and `NO_COLOR`
 * is unset or empty (https://no-color.org); `FORCE_COLOR` (not "0"/"false") forces them on.
 */

export type Style = 'red' | 'green' | 'yellow' | 'bold' | 'dim';

const CODES: Record<Style, readonly [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  bold: [1, 22],
  dim: [2, 22],
};

export type Environment = Readonly<Record<string, string | undefined>>;

export function colourEnabled(isTTY: boolean, env: Environment): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** Paints text, or returns it unchanged when colours are off. */
export type Painter = (style: Style, text: string) => string;

export function painter(enabled: boolean): Painter {
  if (!enabled) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}

/** Escape codes removed: what a terminal shows, for widths and for tests. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
