/**
 * CloudWatch Logs Insights query language: parser, checks and catalog. Pure TypeScript, no editor
 * or Node APIs; used by the local engine, the editor's language features and the CLI.
 */
export { parseInsightsQuery, MAX_QUERY_LENGTH, type ParseResult } from './parser';
export type * from './ast';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics';
export { MAX_DIAGNOSTICS } from './diagnostics';
export type { Position, Range } from './position';
export { INSIGHTS_COMMANDS, INSIGHTS_FUNCTIONS, findCommand, findFunction, parameterAt, suggestName } from './catalog';
export type { InsightsCommand, CommandCategory } from './commandCatalog';
export type { InsightsFunction, FunctionParam, FunctionCategory, ValueType } from './functionCatalog';
export { PERIOD_CAPS, PERIOD_UNIT_WORDS, periodMillis, periodUnit, type PeriodUnit } from './periods';
export { MAX_NESTING, MAX_EXPRESSION_DEPTH } from './expressions';
export { API_MAX_ROWS } from './validate';
export { formatExpression, formatFieldName } from './format';
export { childExpressions, commandExpressions, walkExpression } from './walk';
export { serviceOnlyFeatures, type ServiceOnlyFeature } from './serviceFeatures';
