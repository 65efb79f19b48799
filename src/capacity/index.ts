export * from './html.js';
export * from './measures.js';
export * from './report.js';
export * from './svg.js';
export * from './table.js';
