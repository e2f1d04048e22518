export * from './model';
export { parseNotebook, emptyNotebook } from './parse';
export { serializeNotebook } from './serialize';
export { newCellId } from './ids';
