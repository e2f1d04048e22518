/**
 * The generator's only source of randomness. Evidence must be byte-identical for a seed on every
 * machine and Node version, so Math.random and crypto are never used: xoshiro128** seeded through
 * splitmix32, all arithmetic in 32-bit integers.
 */

/** One splitmix32 step: spreads a poor seed (0, 1, 2…) into well-mixed state words. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Derives an independent seed from a parent seed and labels (FNV-1a over the labels, then mixed).
 * Each delivery slot gets its own stream, so a slot's content does not depend on how many draws
 * earlier slots made: changing one knob does not reshuffle the whole corpus.
 */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const label of labels) {
    const text = typeof label === 'number' ? `#${label}` : label;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x2f, 0x01000193);
  }
  return splitmix32(h)[1];
}

export interface Weighted<T> {
  readonly weight: number;
  readonly value: T;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed | 0;
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out;
    [s, out] = splitmix32(s);
    this.b = out;
    [s, out] = splitmix32(s);
    this.c = out;
    [, out] = splitmix32(s);
    this.d = out;
    // xoshiro's state must not be all zero; splitmix32 can in principle produce that.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of precision: enough for choosing among thousands of items. */
  float(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.float() * maxExclusive);
  }

  /** An integer in [min, max], both ends included. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Chooses by weight; weights need not sum to 1. */
  weighted<T>(items: readonly Weighted<T>[]): T {
    let total = 0;
    for (const item of items) total += item.weight;
    let r = this.float() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item.value;
    }
    return items[items.length - 1]!.value;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A weighted choice prepared once: the background generator draws from the same tables hundreds of
 * thousands of times, so the cumulative sums are kept and searched instead of summed per draw.
 */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly values: T[] = [];
  private readonly total: number;

  constructor(items: readonly Weighted<T>[]) {
    let sum = 0;
    for (const item of items) {
      if (!(item.weight > 0)) continue;
      sum += item.weight;
      this.cumulative.push(sum);
      this.values.push(item.value);
    }
    if (this.values.length === 0) throw new RangeError('a weighted table needs a positive weight');
    this.total = sum;
  }

  pick(rng: Prng): T {
    const r = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}
