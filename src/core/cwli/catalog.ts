/** Lookups over the command and function catalogs, case-insensitive like the language. */
import { INSIGHTS_COMMANDS, type InsightsCommand } from './commandCatalog';
import { INSIGHTS_FUNCTIONS, type FunctionParam, type InsightsFunction } from './functionCatalog';

export { INSIGHTS_COMMANDS, INSIGHTS_FUNCTIONS };
export type { InsightsCommand, InsightsFunction, FunctionParam };

function index<T extends { name: string; aliases: readonly string[] }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) for (const name of [item.name, ...item.aliases]) map.set(name.toLowerCase(), item);
  return map;
}

const COMMANDS = index(INSIGHTS_COMMANDS);
const FUNCTIONS = index(INSIGHTS_FUNCTIONS);

export function findCommand(name: string): InsightsCommand | undefined {
  return COMMANDS.get(name.toLowerCase());
}

export function findFunction(name: string): InsightsFunction | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

/** The parameter an argument at `position` binds to (the variadic one repeats). */
export function parameterAt(fn: InsightsFunction, position: number): FunctionParam | undefined {
  const params = fn.params;
  if (position < params.length) return params[position];
  const last = params[params.length - 1];
  return last?.variadic ? last : undefined;
}

/** Closest known name within two edits, for "did you mean" hints. */
export function suggestName(name: string, kind: 'command' | 'function'): string | undefined {
  const wanted = name.toLowerCase();
  const items: readonly { name: string; aliases: readonly string[] }[] = kind === 'command' ? INSIGHTS_COMMANDS : INSIGHTS_FUNCTIONS;
  let best: string | undefined;
  let bestDistance = 3;
  for (const item of items) {
    for (const candidate of [item.name, ...item.aliases]) {
      const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 64 || b.length > 64) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length]!;
}
