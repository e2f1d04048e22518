import type { Query } from './ast';
import type { Range } from './position';
import { findFunction } from './catalog';
import { commandExpressions, walkExpression } from './walk';

export interface ServiceOnlyFeature {
  kind: 'command' | 'function' | 'subquery';
  /** Command or function name as written. */
  name: string;
  range: Range;
}

/**
 * What in a parsed query needs the CloudWatch Logs service (commands, functions, subqueries), in source
 * order. The local engine answers each with "not available on local evidence" at this range.
 */
export function serviceOnlyFeatures(query: Query): ServiceOnlyFeature[] {
  const found: ServiceOnlyFeature[] = [];
  for (const command of query.commands) {
    if (command.serviceOnly) found.push({ kind: 'command', name: command.keyword.text, range: command.keyword.range });
    else if (command.kind === 'stats' && command.offset) found.push({ kind: 'command', name: 'offset', range: command.offset.range });
    for (const top of commandExpressions(command)) {
      walkExpression(top, (e) => {
        if (e.kind === 'subquery') {
          found.push({ kind: 'subquery', name: 'SOURCE', range: e.range });
          return false;
        }
        if (e.kind === 'call' && findFunction(e.name)?.offline === false) found.push({ kind: 'function', name: e.name, range: e.nameRange });
        return true;
      });
    }
  }
  return found;
}
