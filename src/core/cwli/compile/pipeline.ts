/**
 * The state of a query being compiled, command by command: the stages so far (each a SELECT over the
 * one before, joined as CTEs at the end), which column holds each name, the current row order, and
 * what the output will show. Each command's compiler adds stages through it.
 */
import type { Expression, FieldRef } from '../ast';
import { quoteIdentifier } from '../../sql';
import { columnKey } from '../checkExpressions';
import { ExpressionCompiler, type QueryFacts } from './expressions';
import type { OrderTerm } from './ordering';
import { columnValue, ColumnNames, SourceFields, type Column } from './sourceFields';
import { NULL_STRING, type SqlValue } from './sqlValue';

/** A name in scope. `defined`: made by the query (alias, parse, unnest, stats), not an event field. */
interface Binding extends Column {
  defined: boolean;
}

export interface OutputColumn {
  name: string;
  value: SqlValue;
}

export class Pipeline {
  readonly names = new ColumnNames();
  readonly sources: SourceFields;
  private readonly stages: string[] = [];
  private scope = new Map<string, Binding>();
  /** After a stats: its unaliased outputs by expression text, which may be written again to mean the column. */
  private texts = new Map<string, Column>();
  private statsSeen = false;
  order: OrderTerm[];
  /** Names listed by fields commands since the last stats, in order (shown when there is no display). */
  readonly fieldNames: string[] = [];
  /** The last display since the last stats. */
  display: OutputColumn[] | undefined;
  /** The last stats' outputs, group keys first. */
  statsOutputs: OutputColumn[] | undefined;
  readonly warnings: string[] = [];

  constructor(
    sources: (names: ColumnNames) => SourceFields,
    readonly facts: QueryFacts,
  ) {
    this.sources = sources(this.names);
    // Non-aggregating results come newest first unless a sort says otherwise (A.6).
    this.order = [{ sql: quoteIdentifier(this.sources.resolve('@timestamp', ['@timestamp']).column), descending: true }];
  }

  /** A compiler for expressions over the current stage's rows. */
  rows(): ExpressionCompiler {
    const x: ExpressionCompiler = new ExpressionCompiler({
      facts: this.facts,
      field: (ref) => this.field(ref, x),
      statsColumn: (e) => this.statsColumn(e),
      jsonText: (ref) => this.jsonText(ref),
      eventTime: () => (this.statsSeen ? undefined : columnValue(this.sources.resolve('@timestamp', ['@timestamp']))),
    });
    return x;
  }

  get afterStats(): boolean {
    return this.statsSeen;
  }

  private field(ref: FieldRef, x: ExpressionCompiler): SqlValue {
    const hit = this.scope.get(ref.name);
    if (hit) return columnValue(hit);
    // `json.key` where json was made by the query: a key of that value. A JSON string stays opaque.
    for (let i = ref.path.length - 1; i > 0; i--) {
      const prefix = this.scope.get(ref.path.slice(0, i).join('.'));
      if (prefix?.defined) return prefix.kind === 'json' ? x.member(columnValue(prefix), ref.path.slice(i)) : NULL_STRING;
    }
    if (this.statsSeen) return NULL_STRING;
    if (ref.name === '@ptr') return this.sources.pointer();
    return columnValue(this.sources.resolve(ref.name, ref.path));
  }

  /** The source's JSON text of a field, while the name still means the source's field (see field()). */
  private jsonText(ref: FieldRef): SqlValue | undefined {
    if (this.statsSeen || ref.name === '@ptr') return undefined;
    for (let i = ref.path.length - 1; i > 0; i--) if (this.scope.get(ref.path.slice(0, i).join('.'))?.defined) return undefined;
    const hit = this.scope.get(ref.name);
    if (hit && hit.column !== this.sources.resolve(ref.name, ref.path).column) return undefined;
    const column = this.sources.jsonText(ref.name, ref.path);
    return column && columnValue(column);
  }

  private statsColumn(e: Expression): SqlValue | undefined {
    if (!this.statsSeen || e.kind === 'field') return undefined;
    const column = this.texts.get(columnKey(e));
    return column ? columnValue(column) : undefined;
  }

  /** The value a name has now, as the output shows it (absent when nothing defines it). */
  valueOf(name: string): SqlValue {
    const hit = this.scope.get(name);
    if (hit) return columnValue(hit);
    if (this.statsSeen) return NULL_STRING;
    if (name === '@ptr') return this.sources.pointer();
    return columnValue(this.sources.resolve(name, name.split('.')));
  }

  /** Adds a stage: `body` is given the previous stage's name. */
  stage(body: (previous: string) => string): void {
    this.stages.push(body(this.previous()));
  }

  private previous(): string {
    return `s${this.stages.length}`;
  }

  /** Computes a value into a new column (or reuses the column it already is) and binds a name to it. */
  bind(name: string, value: SqlValue, defined = true): Column {
    const column = this.materialise(value);
    const existing = this.scope.get(name);
    // Naming a field again (fields x) keeps what x is.
    const keep = existing !== undefined && existing.column === column.column && existing.defined;
    this.scope.set(name, { ...column, defined: defined || keep });
    return column;
  }

  /** A column holding the value: the value itself when it is already a column. */
  materialise(value: SqlValue): Column {
    const plain = /^"(c\d+)"$/.exec(value.sql);
    if (plain) return { column: plain[1]!, kind: value.kind };
    const column = this.names.fresh();
    this.stage((prev) => `SELECT *, ${value.sql} AS ${quoteIdentifier(column)} FROM ${prev}`);
    return { column, kind: value.kind };
  }

  /** Binds several names to values computed in one stage (values must not depend on each other). */
  bindAll(items: ReadonlyArray<{ name: string; value: SqlValue }>): void {
    const columns = items.map((item) => ({ ...item, column: this.names.fresh() }));
    if (columns.length === 0) return;
    this.stage((prev) => `SELECT *, ${columns.map((c) => `${c.value.sql} AS ${quoteIdentifier(c.column)}`).join(', ')} FROM ${prev}`);
    for (const c of columns) this.scope.set(c.name, { column: c.column, kind: c.value.kind, defined: true });
  }

  /** After a stats: only its outputs exist. */
  replaceScope(outputs: ReadonlyArray<{ name: string; column: Column; text?: string }>): void {
    this.statsSeen = true;
    this.scope = new Map(outputs.map((o) => [o.name, { ...o.column, defined: true }]));
    this.texts = new Map(outputs.filter((o) => o.text !== undefined).map((o) => [o.text!, o.column]));
    this.fieldNames.length = 0;
    this.display = undefined;
  }

  /** The WITH … list of every stage, the source first. */
  withClause(): string {
    const source = this.sources.sql(this.facts.window);
    const all = [source, ...this.stages];
    return `WITH ${all.map((sql, i) => `s${i} AS (\n${sql}\n)`).join(',\n')}`;
  }

  get last(): string {
    return this.previous();
  }
}
