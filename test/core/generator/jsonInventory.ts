/**
 * The field/type inventory of JSON records: which paths occur and with which JSON types. Comparing a
 * generated corpus's inventory with real samples' catches invented fields and wrong types.
 */
export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export const typeOf = (v: unknown): JsonType => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as JsonType));

/**
 * `path -> JSON types seen`, arrays written as `[]`, e.g. `resources[].ARN -> {string}`. Below a
 * path in `opaque` only the block's own type is recorded (its keys depend on the API called).
 */
export function inventory(records: ReadonlyArray<Record<string, unknown>>, opaque: ReadonlySet<string> = new Set()): Map<string, Set<JsonType>> {
  const seen = new Map<string, Set<JsonType>>();
  const note = (path: string, value: unknown) => {
    let types = seen.get(path);
    if (types === undefined) seen.set(path, (types = new Set()));
    types.add(typeOf(value));
  };
  const walk = (path: string, value: unknown) => {
    note(path, value);
    if (opaque.has(path)) return;
    if (Array.isArray(value)) value.forEach((v) => walk(`${path}[]`, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(path === '' ? k : `${path}.${k}`, v);
  };
  for (const r of records) for (const [k, v] of Object.entries(r)) walk(k, v);
  return seen;
}

/** Paths or types of `generated` that `real` never has, as readable problems. */
export function inventoryProblems(generated: Map<string, Set<JsonType>>, real: Map<string, Set<JsonType>>, extra: ReadonlyMap<string, ReadonlySet<JsonType>> = new Map()): string[] {
  const problems: string[] = [];
  for (const [path, types] of generated) {
    const allowed = real.get(path) ?? extra.get(path);
    if (allowed === undefined) problems.push(`${path}: not a field of real records`);
    else for (const t of types) if (!allowed.has(t)) problems.push(`${path}: ${t}, real records have ${[...allowed].join('|')}`);
  }
  return problems;
}
