/**
 * When events happen: the time window, its 5-minute delivery slots and how many background events
 * each slot gets, per source. Counts follow office hours (busier on weekdays 08-18 UTC) and are allocated by
 * cumulative rounding, so the slots always add up to exactly the requested total without a second
 * pass over the data.
 */

export const SLOT_MS = 5 * 60_000;
/** Events per minute the default window aims for; keeps delivery files realistically sized. */
const DEFAULT_EVENTS_PER_MINUTE = 200;
const MIN_DEFAULT_MINUTES = 240;
const MAX_DEFAULT_MINUTES = 30 * 24 * 60;
/** A slot's events are held in memory together; this bounds that. */
export const MAX_EVENTS_PER_SLOT = 50_000;

export function defaultDurationMinutes(events: number): number {
  return Math.min(MAX_DEFAULT_MINUTES, Math.max(MIN_DEFAULT_MINUTES, Math.ceil(events / DEFAULT_EVENTS_PER_MINUTE)));
}

/** Relative activity of the slot starting at `ms`: people work weekdays, services never stop. */
export function slotWeight(ms: number): number {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  const office = hour >= 8 && hour < 18 ? 1 : hour === 7 || hour === 18 || hour === 19 ? 0.5 : 0;
  return 0.35 + (weekend ? 0.25 : 1) * office;
}

export function isOfficeHours(ms: number): boolean {
  return slotWeight(ms) >= 0.85;
}

/**
 * Network traffic is mostly machines talking to machines: it never stops, and people add to it in
 * office hours. Flow and DNS records follow this flatter curve rather than CloudTrail's.
 */
export function networkWeight(ms: number): number {
  return 0.6 + 0.4 * (slotWeight(ms) - 0.35);
}

/** Internet scanners, and so most GuardDuty findings, keep no office hours. */
export function flatWeight(): number {
  return 1;
}

export interface Schedule {
  startMs: number;
  endMs: number;
  slots: number;
  /** Background events per slot, computed on demand from the running weight sum. */
  countFor(slot: number): number;
  slotStart(slot: number): number;
}

export function buildSchedule(startMs: number, durationMinutes: number, backgroundEvents: number, weight: (ms: number) => number = slotWeight): Schedule {
  const slots = Math.ceil((durationMinutes * 60_000) / SLOT_MS);
  const cumulative = new Float64Array(slots + 1);
  for (let i = 0; i < slots; i++) cumulative[i + 1] = cumulative[i]! + weight(startMs + i * SLOT_MS);
  const total = cumulative[slots]!;
  const upTo = (i: number) => Math.round((backgroundEvents * cumulative[i]!) / total);
  return {
    startMs,
    endMs: startMs + slots * SLOT_MS,
    slots,
    countFor: (slot) => upTo(slot + 1) - upTo(slot),
    slotStart: (slot) => startMs + slot * SLOT_MS,
  };
}
