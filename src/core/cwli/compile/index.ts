/**
 * The Logs Insights compiler: a parsed query plus the evidence sources standing in for log groups →
 * one DuckDB statement. Pure: no engine, no Node APIs; the local backend runs what it returns.
 */
export { compileInsightsQuery, compileInsightsText, compileParsedInsights, type CompiledQuery, type CompileOptions } from './compiler';
export { selectRelations } from './relationSelection';
export type { TimeWindowMs } from './sourceFields';
