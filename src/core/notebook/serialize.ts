import type { AwsfxNotebook, JsonValue } from './model';

/**
 * Writes an .awsfx file. The same notebook always gives the same bytes, and the layout is chosen for
 * git diffs: 2-space indent, known keys in a fixed order, one source line per line, one result row per
 * line, short lists of plain values on one line. Unknown keys follow the known ones in the order they
 * were read, so a file from a newer awsfx comes back out unchanged.
 */

/** Key order for each known object, keyed by the object's path pattern. */
const KEY_ORDER: Record<string, string[]> = {
  '': ['awsfx', 'metadata', 'cells', 'journal'],
  metadata: ['title', 'caseId', 'investigators', 'tags', 'target', 'timeWindow', 'parameters'],
  target: ['runOn', 'evidence', 'profile', 'region', 'accountId', 'logGroups', 'workgroup', 'database', 'catalog'],
  timeWindow: ['start', 'end'],
  parameter: ['name', 'type', 'default', 'description'],
  cell: ['id', 'kind', 'target', 'timeWindow', 'source', 'execution', 'outputs'],
  execution: ['order', 'success', 'startTime', 'endTime'],
  output: ['id', 'metadata', 'items'],
  item: ['mime', 'encoding', 'data'],
  table: ['version', 'elapsedMs', 'warnings', 'result'],
  result: ['columns', 'totalRows', 'rowCap', 'truncated', 'rows'],
};

/** What kind of known object sits at a child key, given the parent's kind. */
function childKind(parent: string | undefined, key: string | number): string | undefined {
  switch (parent) {
    case '':
      return key === 'metadata' ? 'metadata' : key === 'cells' ? 'cells' : undefined;
    case 'metadata':
      return key === 'target' ? 'target' : key === 'timeWindow' ? 'timeWindow' : key === 'parameters' ? 'parameters' : undefined;
    case 'parameters':
      return 'parameter';
    case 'cells':
      return 'cell';
    case 'cell':
      return key === 'target' ? 'target' : key === 'timeWindow' ? 'timeWindow' : key === 'execution' ? 'execution' : key === 'outputs' ? 'outputs' : key === 'source' ? 'lines' : undefined;
    case 'outputs':
      return 'output';
    case 'output':
      return key === 'items' ? 'items' : undefined;
    case 'items':
      return 'item';
    case 'item':
      return key === 'data' ? 'data' : undefined;
    case 'data':
      // Table outputs are recognised by shape so that result rows get one line each.
      return undefined;
    case 'table':
      return key === 'result' ? 'result' : undefined;
    case 'result':
      return key === 'rows' ? 'rows' : undefined;
    default:
      return undefined;
  }
}

function orderedKeys(value: { [key: string]: JsonValue }, kind: string | undefined): string[] {
  const order = kind === undefined ? undefined : KEY_ORDER[kind];
  const present = Object.keys(value).filter((k) => value[k] !== undefined);
  if (!order) return present;
  return [...order.filter((k) => present.includes(k)), ...present.filter((k) => !order.includes(k))];
}

function isPlain(value: JsonValue): value is null | string | number | boolean {
  return value === null || typeof value !== 'object';
}

const INLINE_LIMIT = 100;

function write(value: JsonValue, kind: string | undefined, indent: string): string {
  if (isPlain(value)) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (kind === 'rows') return `[\n${value.map((row) => inner + JSON.stringify(row)).join(',\n')}\n${indent}]`;
    if (kind !== 'lines' && value.every(isPlain)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (flat.length <= INLINE_LIMIT) return flat;
    }
    const itemKind = childKind(kind, 0);
    return `[\n${value.map((item) => inner + write(item, itemKind, inner)).join(',\n')}\n${indent}]`;
  }
  let objectKind = kind;
  if (kind === 'data' && isTableOutput(value)) objectKind = 'table';
  const keys = orderedKeys(value, objectKind);
  if (keys.length === 0) return '{}';
  const body = keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(value[k]!, childKind(objectKind, k), inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

function isTableOutput(value: { [key: string]: JsonValue }): boolean {
  const result = value.result;
  return value.version === 1 && typeof result === 'object' && result !== null && !Array.isArray(result) && Array.isArray(result.rows);
}

export function serializeNotebook(notebook: AwsfxNotebook): string {
  return write(notebook as unknown as JsonValue, '', '') + '\n';
}
