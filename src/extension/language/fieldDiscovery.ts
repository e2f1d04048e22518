/**
 * Field names from sample events, named the way CloudWatch Logs discovers them in JSON logs (reference
 * A.5): nested objects flattened with dots, array elements as index segments (`resources.0.ARN`), at
 * most 200 fields per event, a JSON-encoded string a leaf like any other value.
 */

/** CloudWatch extracts at most this many fields from one event. */
const FIELDS_PER_EVENT = 200;
/** Enough names to complete from; more would only slow the list down. */
const MAX_NAMES = 1_000;

/** The names found in the events, the most common first (ties by name). Events that are not JSON objects add nothing. */
export function discoverFields(messages: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const message of messages) {
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch {
      continue;
    }
    if (!isObject(event)) continue;
    for (const name of flatten(event)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_NAMES)
    .map(([name]) => name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf paths of one event, depth first in key order, stopping at the per-event cap. */
function flatten(event: Record<string, unknown>): string[] {
  const names: string[] = [];
  // An explicit stack: an event nested ten thousand levels deep must not overflow the call stack.
  const stack: Array<[string, unknown]> = Object.entries(event).reverse();
  while (stack.length > 0 && names.length < FIELDS_PER_EVENT) {
    const [path, value] = stack.pop()!;
    const children = isObject(value) ? Object.entries(value) : Array.isArray(value) ? value.map((v, i): [string, unknown] => [String(i), v]) : undefined;
    if (!children) {
      names.push(path);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([`${path}.${children[i]![0]}`, children[i]![1]]);
  }
  return names;
}
