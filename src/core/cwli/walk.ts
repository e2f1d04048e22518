import type { Command, Expression } from './ast';

/** Direct sub-expressions (a subquery's pipeline is a separate Query, not a child). */
export function childExpressions(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case 'call':
      return e.args;
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'member':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'list':
      return e.items;
    default:
      return [];
  }
}

/**
 * Pre-order walk; `visit` returns false to skip a node's children. Recursive: the parser caps tree
 * depth (MAX_EXPRESSION_DEPTH), so this cannot exhaust the stack.
 */
export function walkExpression(e: Expression, visit: (node: Expression) => boolean | void): void {
  if (visit(e) === false) return;
  for (const child of childExpressions(e)) walkExpression(child, visit);
}

/** The top-level expressions a command holds, in source order. */
export function commandExpressions(c: Command): Expression[] {
  switch (c.kind) {
    case 'fields':
    case 'display':
      return c.items.map((i) => i.expression);
    case 'filter':
    case 'filterIndex':
      return [c.condition];
    case 'stats':
      return [...c.aggregations, ...c.groupBy].map((p) => p.expression);
    case 'sort':
      return c.keys.map((k) => k.expression);
    case 'dedup':
      return c.fields;
    case 'parse':
      return c.source ? [c.source] : [];
    case 'unnest':
      return [c.source];
    case 'pattern':
      return c.source ? [c.source] : [];
    case 'source':
      return c.logGroups?.map((a) => a.value) ?? [];
    default:
      return [];
  }
}
