/** An object graph as Graphviz DOT; external nodes are dashed. */
import type { GraphNode, ObjectGraph } from './object-graph.js';

export function toDot(graph: ObjectGraph, name = 'objects'): string {
  const lines = [`digraph ${quote(name)} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const node of graph.nodes) lines.push(`  ${quote(node.id)} [label=${nodeLabel(node)}${node.synthesized ? '' : ', style=dashed'}];`);
  for (const edge of graph.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.label)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeLabel(node: GraphNode): string {
  return `"${[node.kind, node.name, ...(node.origin ? [`(${node.origin})`] : [])].map(escapeDot).join('\\n')}"`;
}

function quote(text: string): string {
  return `"${escapeDot(text)}"`;
}

/** Inside a DOT double-quoted string only `"` and `\` are special; line breaks become `\n`. */
export function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}
