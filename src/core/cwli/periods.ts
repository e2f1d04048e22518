/**
 * Period literals (`5m`, `1h`, `300s`) as bin(), datefloor() and dateceil() take them: one whole
 * number immediately followed by one unit, with the unit names and caps of the Logs Insights docs.
 */
export type PeriodUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'mo' | 'q' | 'y';

const UNIT_WORDS: Record<PeriodUnit, readonly string[]> = {
  ms: ['millisecond', 'ms', 'msec'],
  s: ['second', 's', 'sec'],
  m: ['minute', 'm', 'min'],
  h: ['hour', 'h', 'hr'],
  d: ['day', 'd'],
  w: ['week', 'w'],
  mo: ['month', 'mo', 'mon'],
  q: ['quarter', 'q', 'qtr'],
  y: ['year', 'y', 'yr'],
};

const BY_WORD = new Map<string, PeriodUnit>();
for (const [unit, words] of Object.entries(UNIT_WORDS) as [PeriodUnit, readonly string[]][]) {
  for (const word of words) {
    BY_WORD.set(word, unit);
    // The docs allow a plural "s" on every unit name longer than one character ("hrs", "mins").
    if (word.length > 1) BY_WORD.set(`${word}s`, unit);
  }
}

/** The unit a word names (case-insensitive), or undefined. */
export function periodUnit(word: string): PeriodUnit | undefined {
  return BY_WORD.get(word.toLowerCase());
}

/** Every accepted unit spelling, for completion and docs. */
export const PERIOD_UNIT_WORDS: ReadonlyMap<string, PeriodUnit> = BY_WORD;

/** Largest amount the service honours per unit; a larger amount is silently treated as the cap. */
export const PERIOD_CAPS: Readonly<Partial<Record<PeriodUnit, number>>> = { ms: 1000, s: 60, m: 60, h: 24 };

const FIXED_MS: Partial<Record<PeriodUnit, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Length in milliseconds after the cap is applied; undefined for calendar units (mo, q, y). */
export function periodMillis(amount: number, unit: PeriodUnit): number | undefined {
  const size = FIXED_MS[unit];
  if (size === undefined) return undefined;
  const cap = PERIOD_CAPS[unit];
  return (cap === undefined ? amount : Math.min(amount, cap)) * size;
}

const NEXT_UNIT: Partial<Record<PeriodUnit, [PeriodUnit, number]>> = {
  ms: ['s', 1000],
  s: ['m', 60],
  m: ['h', 60],
  h: ['d', 24],
};

/** A literal that means what an over-cap literal was meant to (300s → 5m), when one exists. */
export function periodRewrite(amount: number, unit: PeriodUnit): string | undefined {
  let value = amount;
  let current: PeriodUnit = unit;
  for (;;) {
    const cap = PERIOD_CAPS[current];
    if (cap === undefined || value <= cap) return `${value}${current}`;
    const next = NEXT_UNIT[current];
    if (!next || value % next[1] !== 0) return undefined;
    value /= next[1];
    current = next[0];
  }
}

const SMALLER_UNIT: Partial<Record<PeriodUnit, [PeriodUnit, number]>> = {
  s: ['ms', 1000],
  m: ['s', 60],
  h: ['m', 60],
  d: ['h', 24],
  w: ['d', 7],
};

/** A whole-number literal for a fractional one (1.5h → 90m), when one unit down makes it whole. */
export function wholePeriod(amount: number, unit: PeriodUnit): string | undefined {
  const smaller = SMALLER_UNIT[unit];
  if (!smaller) return undefined;
  const value = Math.round(amount * smaller[1] * 1e6) / 1e6;
  return Number.isInteger(value) ? `${value}${smaller[0]}` : undefined;
}
