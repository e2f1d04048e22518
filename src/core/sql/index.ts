/** Athena (Trino) SQL: tokens, statements and the translation to DuckDB used by the local engine. */
export { tokenize, isSignificant, quoteIdentifier, quoteString, type Token, type TokenKind } from './tokenizer';
export { splitStatements, type SqlStatement, type StatementKind, type TableDeclaration } from './statements';
export { translateStatement, translateSql, sourceOffsetOf, type TranslateOptions, type TranslatedSql } from './trinoRewrite';
export { MACRO_FUNCTIONS, INTERNAL_MACROS, MACRO_PREFIX, untranslateNames, type Piece } from './trinoFunctions';
export { translateScript, rangeOf, type ScriptStep } from './athenaScript';
export { mysqlToStrftime, jodaToStrftime } from './dateFormats';
export { columnUse, mergeColumnUse, type ColumnUse, type FieldUse } from './columnUse';
export { withLeadingCtes, type TableDefinition } from './leadingCtes';
