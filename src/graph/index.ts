export { objectGraph, type GraphEdge, type GraphNode, type ObjectGraph, type ObjectGraphOptions } from './object-graph.js';
export { refKey, type ExternalOrigin, type ObjectRef, type Reference } from './object-ref.js';
export { referencesOf } from './references.js';
export { escapeMermaid, toMermaid } from './mermaid.js';
export { escapeDot, toDot } from './dot.js';
