/** Every Logs Insights command with its syntax, a one-line doc and whether it runs on local evidence. */
export type CommandCategory = 'core' | 'structure' | 'source' | 'service';

export interface InsightsCommand {
  /** Canonical spelling; lookups ignore case. */
  name: string;
  aliases: readonly string[];
  category: CommandCategory;
  syntax: string;
  doc: string;
  /** The local engine can run it; false means "not available on local evidence". */
  offline: boolean;
  /** The parser builds a typed node; 'raw' keeps the command's text (its grammar is not modelled). */
  grammar: 'structured' | 'raw';
  /** Why not to use it, when deprecated. */
  deprecated?: string;
}

function command(name: string, category: CommandCategory, syntax: string, doc: string, more: Partial<InsightsCommand> = {}): InsightsCommand {
  return { name, aliases: [], category, syntax, doc, offline: category !== 'service', grammar: 'structured', ...more };
}

function raw(name: string, syntax: string, doc: string): InsightsCommand {
  return command(name, 'service', syntax, doc, { grammar: 'raw' });
}

export const INSIGHTS_COMMANDS: readonly InsightsCommand[] = [
  command('fields', 'core', 'fields expr [as name], …', 'Chooses and computes fields; the new names can be used by later commands.'),
  command('display', 'core', 'display expr [as name], …', 'Chooses the columns shown; only the last display counts.'),
  command('filter', 'core', 'filter condition', 'Keeps the events for which the condition is true.', { aliases: ['where'] }),
  command('stats', 'core', 'stats agg(expr) [as name], … [by expr [as name], …]', 'Aggregates, optionally per group or per bin(period); at most two stats per query.'),
  command('sort', 'core', 'sort expr [asc|desc], …', 'Orders the rows; ascending unless desc is given.'),
  command('limit', 'core', 'limit [any] N', 'Returns at most N rows (10,000 when omitted); limit any stops scanning after N matches.'),
  command('parse', 'core', 'parse [field] "glob*" as a, … | parse [field] /(?<name>re)/ [multi] | parse [field] logfmt [as m] | parse [field] csv as a, … | parse json field=f "a.b" as x', 'Extracts fields from a field (default @message); events that do not match keep their other fields.'),
  command('dedup', 'core', 'dedup field, …', 'Keeps the first row per distinct combination (events with a null in these fields are all kept); only limit may follow.'),
  command('unnest', 'structure', 'unnest list into name', 'One row per element of a list (from jsonParse), bound to name.'),
  command('head', 'core', 'head N', 'Deprecated: the first N rows.', { deprecated: 'head is deprecated; use limit N.' }),
  command('tail', 'core', 'tail N', 'Deprecated: the last N rows.', { deprecated: 'tail is deprecated; sort the other way and use limit N.' }),
  command('SOURCE', 'source', "SOURCE logGroups(namePrefix: ['a'], accountIdentifiers: ['111122223333'], class: ['STANDARD'])", 'Chooses the log groups inside the query (API and CLI only); locally, the evidence sources.'),
  command('pattern', 'service', 'pattern field', 'Clusters messages into recurring text patterns (@pattern, counts, ratios).'),
  command('diff', 'service', 'diff [previousDay|previousWeek|previousMonth]', 'Compares this time window with an earlier one of the same length.'),
  command('anomaly', 'service', 'anomaly', 'Machine-learning anomaly detection on the output of pattern.'),
  command('filterIndex', 'service', 'filterIndex field = value | filterIndex field in [values]', 'Scans only log groups and events indexed for the value.'),
  raw('lookup', 'lookup table key [OUTPUT fields]', 'Enriches rows from an uploaded lookup table.'),
  raw('join', 'join type=inner left=a right=b where a.key=b.key (SOURCE …)', 'Joins events with those of another log group or query.'),
  raw('addtotals', 'addtotals [fieldname=Total] [row=true] [col=false] [field, …]', 'Adds row and column totals of numeric fields.'),
  raw('autoregress', 'autoregress field …', 'Copies values of earlier rows into the current row.'),
  raw('logcompare', 'logcompare timeshift 7d', 'Compares the results with a time-shifted run.'),
  raw('filldown', 'filldown [field, …]', 'Fills empty values with the last value above.'),
  raw('fillmissing', 'fillmissing …', 'Adds the empty time bins that stats leaves out.'),
  raw('cidrlookup', 'cidrlookup …', 'Looks IP addresses up in CIDR ranges.'),
  raw('outlier', 'outlier …', 'Marks outlying values.'),
  raw('accum', 'accum field [as name]', 'Running total of a numeric field.'),
  raw('appendcols', 'appendcols (subquery)', 'Appends the columns of a subquery.'),
  raw('sessionize', 'sessionize …', 'Groups events into sessions.'),
  raw('countFrequent', 'countFrequent …', 'Most frequent values of a field.'),
  raw('relevantfields', 'relevantfields …', 'Fields that best tell the results apart.'),
  raw('expand', 'expand field …', 'Expands a multi-value field into rows.'),
];
