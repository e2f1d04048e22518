/** Every scalar function the local engine computes, by its catalog name. */
import { DATETIME_FUNCTIONS } from './datetimeFunctions';
import type { FunctionTable } from './functionCompiler';
import { GENERAL_FUNCTIONS } from './generalFunctions';
import { IP_FUNCTIONS } from './ipFunctions';
import { NUMERIC_FUNCTIONS } from './numericFunctions';
import { STRING_FUNCTIONS } from './stringFunctions';

export const SCALAR_FUNCTIONS: FunctionTable = {
  ...NUMERIC_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...GENERAL_FUNCTIONS,
  ...IP_FUNCTIONS,
};
