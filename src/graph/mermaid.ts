/** An object graph as a Mermaid flowchart; external nodes are dashed. */
import type { GraphNode, ObjectGraph } from './object-graph.js';

export function toMermaid(graph: ObjectGraph): string {
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) lines.push(`  ${node.id}["${nodeLabel(node)}"]`);
  for (const edge of graph.edges) lines.push(`  ${edge.from} -->|"${escapeMermaid(edge.label)}"| ${edge.to}`);
  const external = graph.nodes.filter((node) => !node.synthesized).map((node) => node.id);
  lines.push('  classDef external stroke-dasharray: 5 5');
  if (external.length > 0) lines.push(`  class ${external.join(',')} external`);
  return `${lines.join('\n')}\n`;
}

function nodeLabel(node: GraphNode): string {
  const parts = [escapeMermaid(node.kind), escapeMermaid(node.name)];
  if (node.origin) parts.push(`<i>${escapeMermaid(node.origin)}</i>`);
  return parts.join('<br/>');
}

/** Mermaid entity codes: quotes would end the label, `<`, `>` and `&` would be read as HTML. */
export function escapeMermaid(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/&/g, '#amp;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
