import type { CallExpression } from '../../ast';
import type { ExpressionCompiler } from '../expressions';
import type { SqlValue } from '../sqlValue';

/** Compiles one call of a function; the compiler gives access to the arguments. */
export type FunctionCompiler = (call: CallExpression, x: ExpressionCompiler) => SqlValue;

export type FunctionTable = Readonly<Record<string, FunctionCompiler>>;
