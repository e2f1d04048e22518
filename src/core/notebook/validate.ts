import { AwsfxError } from '../errors';
import { CELL_KINDS, type JsonValue } from './model';
import { CELL_ID_PATTERN } from './ids';

/**
 * Structural checks of a version-1 document. Each failure names the JSON path and what was expected,
 * because the person reading it is fixing a file by hand or in a merge conflict.
 */

type Json = JsonValue | undefined;

function fail(path: string, problem: string): never {
  throw new AwsfxError('notebook.invalid', `${path}: ${problem}`, { subject: path });
}

function describe(value: Json): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(value: Json): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: Json, path: string): { [key: string]: JsonValue } {
  if (!isObject(value)) fail(path, `expected an object, found ${describe(value)}`);
  return value;
}

function optionalString(value: Json, path: string): void {
  if (value !== undefined && typeof value !== 'string') fail(path, `expected text, found ${describe(value)}`);
}

function optionalStringList(value: Json, path: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(path, `expected a list of text, found ${describe(value)}`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') fail(`${path}[${i}]`, `expected text, found ${describe(item)}`);
  });
}

function target(value: Json, path: string): void {
  if (value === undefined) return;
  const t = object(value, path);
  if (t.runOn !== undefined && t.runOn !== 'local' && t.runOn !== 'aws') fail(`${path}.runOn`, `expected "local" or "aws", found ${describe(t.runOn)}`);
  for (const key of ['evidence', 'profile', 'region', 'accountId', 'workgroup', 'database', 'catalog']) optionalString(t[key], `${path}.${key}`);
  optionalStringList(t.logGroups, `${path}.logGroups`);
}

function timeWindow(value: Json, path: string): void {
  if (value === undefined) return;
  const w = object(value, path);
  for (const key of ['start', 'end']) {
    if (typeof w[key] !== 'string') fail(`${path}.${key}`, `expected an ISO-8601 time or a relative time such as "-24h", found ${describe(w[key])}`);
  }
}

const PARAMETER_TYPES = ['string', 'number', 'boolean', 'ip', 'arn', 'accessKeyId', 'timestamp'];

function parameters(value: Json, path: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(path, `expected a list of parameters, found ${describe(value)}`);
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const p = object(item, `${path}[${i}]`);
    if (typeof p.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) fail(`${path}[${i}].name`, `expected a parameter name (letters, digits, _), found ${describe(p.name)}`);
    if (seen.has(p.name)) fail(`${path}[${i}].name`, `parameter "${p.name}" is declared twice`);
    seen.add(p.name);
    if (typeof p.type !== 'string' || !PARAMETER_TYPES.includes(p.type)) fail(`${path}[${i}].type`, `expected one of ${PARAMETER_TYPES.join(', ')}, found ${describe(p.type)}`);
    optionalString(p.description, `${path}[${i}].description`);
  });
}

export function validateMetadata(value: Json): void {
  const m = object(value, 'metadata');
  for (const key of ['title', 'caseId']) optionalString(m[key], `metadata.${key}`);
  optionalStringList(m.investigators, 'metadata.investigators');
  optionalStringList(m.tags, 'metadata.tags');
  target(m.target, 'metadata.target');
  timeWindow(m.timeWindow, 'metadata.timeWindow');
  parameters(m.parameters, 'metadata.parameters');
}

function outputs(value: Json, path: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(path, `expected a list of outputs, found ${describe(value)}`);
  value.forEach((item, i) => {
    const o = object(item, `${path}[${i}]`);
    optionalString(o.id, `${path}[${i}].id`);
    if (!Array.isArray(o.items)) fail(`${path}[${i}].items`, `expected a list of output items, found ${describe(o.items)}`);
    o.items.forEach((entry, j) => {
      const at = `${path}[${i}].items[${j}]`;
      const it = object(entry, at);
      if (typeof it.mime !== 'string' || !it.mime.includes('/')) fail(`${at}.mime`, `expected a MIME type, found ${describe(it.mime)}`);
      if (!('data' in it)) fail(`${at}.data`, 'missing');
      if (it.encoding !== undefined && !['json', 'text', 'base64'].includes(it.encoding as string)) fail(`${at}.encoding`, `expected json, text or base64, found ${describe(it.encoding)}`);
      if (it.encoding === 'base64' && typeof it.data !== 'string') fail(`${at}.data`, `base64 data must be text, found ${describe(it.data)}`);
    });
    if (o.metadata !== undefined) object(o.metadata, `${path}[${i}].metadata`);
  });
}

function execution(value: Json, path: string): void {
  if (value === undefined) return;
  const e = object(value, path);
  for (const key of ['order', 'startTime', 'endTime']) {
    if (e[key] !== undefined && (typeof e[key] !== 'number' || !Number.isFinite(e[key]))) fail(`${path}.${key}`, `expected a number, found ${describe(e[key])}`);
  }
  if (e.success !== undefined && typeof e.success !== 'boolean') fail(`${path}.success`, `expected true or false, found ${describe(e.success)}`);
}

export function validateCell(value: Json, index: number, seenIds: Set<string>): void {
  const path = `cells[${index}]`;
  const c = object(value, path);
  if (c.id === undefined) fail(`${path}.id`, 'missing: every cell needs a stable id (any 1-64 letters, digits, _ or -)');
  if (typeof c.id !== 'string' || !CELL_ID_PATTERN.test(c.id)) fail(`${path}.id`, `expected 1-64 letters, digits, _ or -, found ${describe(c.id)}`);
  if (seenIds.has(c.id)) fail(`${path}.id`, `"${c.id}" is used by another cell; cell ids must be unique`);
  seenIds.add(c.id);
  if (c.kind === undefined) fail(`${path}.kind`, `missing: expected one of ${CELL_KINDS.join(', ')}`);
  if (typeof c.kind !== 'string' || !(CELL_KINDS as readonly string[]).includes(c.kind)) {
    fail(`${path}.kind`, `unknown cell kind ${describe(c.kind)}; this version of awsfx knows ${CELL_KINDS.join(', ')}`);
  }
  if (c.source === undefined) fail(`${path}.source`, 'missing: expected the cell text as a list of lines');
  if (typeof c.source !== 'string') {
    if (!Array.isArray(c.source)) fail(`${path}.source`, `expected a list of lines, found ${describe(c.source)}`);
    c.source.forEach((line, i) => {
      if (typeof line !== 'string') fail(`${path}.source[${i}]`, `expected text, found ${describe(line)}`);
    });
  }
  target(c.target, `${path}.target`);
  timeWindow(c.timeWindow, `${path}.timeWindow`);
  outputs(c.outputs, `${path}.outputs`);
  execution(c.execution, `${path}.execution`);
}
