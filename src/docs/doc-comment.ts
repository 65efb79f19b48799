/** The prose of a page comes from the code: the leading doc comment of the chart's source file. */

/** The first `/** ... *\/` block of a TypeScript source, as Markdown paragraphs; undefined when there is none. */
export function leadingDocComment(source: string): string | undefined {
  const match = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match) return undefined;
  const lines = match[1].split('\n').map((line) => line.replace(/^\s*\*( |$)/, '').trimEnd());
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
      continue;
    }
    current.push(line.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.length === 0 ? undefined : paragraphs.join('\n\n');
}
