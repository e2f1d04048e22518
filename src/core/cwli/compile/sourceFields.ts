/**
 * The first stage of every compiled query: the evidence sources (one InsightsRelation per log group),
 * cut to the time window and unioned, with one column per event field the query reads. Which fields
 * those are is known only once the whole pipeline is compiled, so fields are registered as the
 * compiler meets them and the SQL is written last.
 */
import { quoteIdentifier, quoteString } from '../../sql';
import { jsonLeafSql, jsonPointer, type InsightsField, type InsightsFieldType, type InsightsReading, type InsightsRelation } from '../relation';
import { asString, convert, type SqlValue, type ValueKind } from './sqlValue';

export interface TimeWindowMs {
  startMs: number;
  endMs: number;
}

/** A column of a stage, under a generated name (DuckDB matches names case-insensitively; Insights does not). */
export interface Column {
  column: string;
  kind: ValueKind;
}

export function columnValue(c: Column): SqlValue {
  return { sql: quoteIdentifier(c.column), kind: c.kind };
}

/** Hands out column names that no field name can collide with. */
export class ColumnNames {
  private next = 0;
  fresh(): string {
    this.next += 1;
    return `c${this.next}`;
  }
}

const SYSTEM_FIELDS: Readonly<Record<string, ValueKind>> = {
  '@timestamp': 'timestamp',
  '@message': 'string',
  '@logStream': 'string',
  '@log': 'string',
  '@ingestionTime': 'timestamp',
};

const FIELD_KINDS: Readonly<Record<InsightsFieldType, ValueKind>> = {
  string: 'string',
  number: 'number',
  timestamp: 'timestamp',
  boolean: 'boolean',
  json: 'json',
};

/** How one relation supplies one field. */
type Supply = { system: string } | { field: InsightsField } | { json: string } | undefined;

interface Registered extends Column {
  name: string;
  path: readonly string[];
}

const JSON_LIST = '__awsfx_json';

export class SourceFields {
  private readonly fields = new Map<string, Registered>();
  /** Fields also read as compact JSON text, by name: the column holding that text. */
  private readonly jsonTexts = new Map<string, Registered>();

  constructor(
    private readonly relations: readonly InsightsRelation[],
    private readonly names: ColumnNames,
    /** Fields not to compare as JSON text: a source reads them as plain text (see jsonTextsReadOtherwise). */
    private readonly plain: ReadonlySet<string> = new Set(),
  ) {
    // Always read: the default order, bin() and the time window need it.
    this.resolve('@timestamp', ['@timestamp']);
  }

  /** The column holding a field of the events, by its Insights name. */
  resolve(name: string, path: readonly string[]): Column {
    const known = this.fields.get(name);
    if (known) return known;
    const kinds = this.relations.map((r) => supplyOf(r, name, path)).filter((s) => s !== undefined).map(supplyKind);
    // A field typed differently by two sources is read as text from both.
    const kind: ValueKind = kinds.length === 0 ? 'string' : new Set(kinds).size === 1 ? kinds[0]! : 'string';
    const registered: Registered = { column: this.names.fresh(), kind, name, path };
    this.fields.set(name, registered);
    return registered;
  }

  /**
   * A column holding the field's value as compact JSON text (a JSON string `"…"`, a number, an
   * object…), as read from JSON at no cost; undefined unless every source that has the field reads
   * it from JSON (a source without it gives NULL). Used to test `field = 'text'` without unquoting
   * (comparisons.ts, jsonEqualityText).
   */
  jsonText(name: string, path: readonly string[]): Column | undefined {
    const known = this.jsonTexts.get(name);
    if (known) return known;
    if (this.plain.has(name)) return undefined;
    const fromJson = this.relations.every((r) => {
      const supply = supplyOf(r, name, path);
      return supply === undefined || 'json' in supply || ('field' in supply && supply.field.json !== undefined);
    });
    if (!fromJson || this.resolve(name, path).kind !== 'string') return undefined;
    const registered: Registered = { column: this.names.fresh(), kind: 'string', name, path };
    this.jsonTexts.set(name, registered);
    return registered;
  }

  /**
   * Fields given a JSON text column that a source, told every field the query reads, supplies as
   * plain text instead (a documented scalar key read as VARCHAR): the comparison is then faster on
   * the value itself, so the query is compiled again without their JSON text.
   */
  jsonTextsReadOtherwise(): Set<string> {
    const names = new Set<string>();
    if (this.jsonTexts.size === 0) return names;
    const refs = [...this.fields.values()].map(({ name, path }) => ({ name, path }));
    for (const relation of this.relations) {
      const reading = relation.narrow?.(refs);
      if (!reading) continue;
      for (const { name, path } of this.jsonTexts.values()) {
        const supply = supplyOf(reading, name, path);
        if (supply && 'field' in supply && supply.field.json === undefined) names.add(name);
      }
    }
    return names;
  }

  /**
   * @ptr: an opaque pointer to the event, the same on every run over the same evidence (a digest of
   * where it was logged, when, and what it says; byte-identical events in one stream share one).
   */
  pointer(): SqlValue {
    const parts = ['@log', '@logStream', '@timestamp', '@message'].map((n) => asString(columnValue(this.resolve(n, [n]))));
    return { sql: `md5(concat_ws('\u001f', ${parts.map((p) => `coalesce(${p}, '')`).join(', ')}))`, kind: 'string' };
  }

  /** The union of the relations, each cut to the window (inclusive, in milliseconds). */
  sql(window: TimeWindowMs | undefined): string {
    return this.relations.map((r) => this.branch(r, window)).join('\nUNION ALL\n');
  }

  private branch(relation: InsightsRelation, window: TimeWindowMs | undefined): string {
    const registered = [...this.fields.values()];
    // A source may read less when told every field the query reads (relation.ts, narrow).
    const reading: InsightsReading = relation.narrow ? relation.narrow(registered.map(({ name, path }) => ({ name, path }))) : relation;
    const pointers: string[] = [];
    const columns: string[] = [];
    for (const field of registered) {
      const supply = supplyOf(reading, field.name, field.path);
      let value: SqlValue | undefined;
      let json: string | undefined;
      if (supply && 'system' in supply) value = { sql: systemSql(supply.system), kind: SYSTEM_FIELDS[supply.system]! };
      else if (supply && 'field' in supply) {
        value = fieldValue(supply.field);
        json = supply.field.json;
      } else if (supply && 'json' in supply) {
        pointers.push(supply.json);
        json = `${quoteIdentifier(JSON_LIST)}[${pointers.length}]`;
        value = { sql: jsonLeafSql(json), kind: 'string' };
      }
      const typed = value ? convert(value, field.kind).sql : `CAST(NULL AS ${SQL_TYPES[field.kind]})`;
      columns.push(`${typed} AS ${quoteIdentifier(field.column)}`);
      const text = this.jsonTexts.get(field.name);
      // The value read as JSON is already its compact text. A narrowed reading that has the field
      // as plain text is compiled without this column (jsonTextsReadOtherwise); to_json keeps the
      // answer right should one slip through.
      if (text) columns.push(`${json !== undefined ? `CAST(${json} AS VARCHAR)` : `CAST(to_json(${typed}) AS VARCHAR)`} AS ${quoteIdentifier(text.column)}`);
    }
    const conditions: string[] = [];
    if (window) {
      conditions.push(`"@timestamp" >= epoch_ms(CAST(${Math.floor(window.startMs)} AS BIGINT))`);
      conditions.push(`"@timestamp" < epoch_ms(CAST(${Math.floor(window.endMs) + 1} AS BIGINT))`);
    }
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const jsonColumn = reading.jsonColumn;
    // One parse of each event's JSON for all the paths the query reads; text that is not JSON gives no fields.
    const extra = jsonColumn && pointers.length > 0 ? `, TRY(json_extract(${quoteIdentifier(jsonColumn)}, [${pointers.map(quoteString).join(', ')}])) AS ${quoteIdentifier(JSON_LIST)}` : '';
    return `SELECT ${columns.join(', ')}\nFROM (SELECT *${extra} FROM (${reading.sql}) AS awsfx_relation${where}) AS awsfx_source`;
  }
}

const SQL_TYPES: Readonly<Record<ValueKind, string>> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};

function systemSql(name: string): string {
  const column = quoteIdentifier(name);
  return SYSTEM_FIELDS[name] === 'timestamp' ? `CAST(${column} AS TIMESTAMP)` : `CAST(${column} AS VARCHAR)`;
}

function fieldValue(field: InsightsField): SqlValue {
  const kind = FIELD_KINDS[field.type];
  const sql = { string: `CAST((${field.sql}) AS VARCHAR)`, number: `TRY_CAST((${field.sql}) AS DOUBLE)`, timestamp: `CAST((${field.sql}) AS TIMESTAMP)`, boolean: `CAST((${field.sql}) AS BOOLEAN)`, json: `TRY_CAST((${field.sql}) AS JSON)` }[kind];
  return { sql, kind };
}

function supplyOf(relation: InsightsReading, name: string, path: readonly string[]): Supply {
  if (name in SYSTEM_FIELDS) return { system: name };
  const field = Object.prototype.hasOwnProperty.call(relation.fields, name) ? relation.fields[name] : undefined;
  if (field) return { field };
  if (!relation.jsonColumn) return undefined;
  // Discovered keys that start with @ are shown with a second @ (A.1): @@x is the key @x; a single @
  // is a system or source-defined field, never a JSON key.
  if (name.startsWith('@@')) return { json: jsonPointer([name.slice(1), ...path.slice(1)]) };
  if (name.startsWith('@')) return undefined;
  return { json: jsonPointer(path) };
}

function supplyKind(supply: NonNullable<Supply>): ValueKind {
  if ('system' in supply) return SYSTEM_FIELDS[supply.system]!;
  if ('field' in supply) return FIELD_KINDS[supply.field.type];
  return 'string';
}
