/**
 * A small seeded pseudo-random generator (mulberry32) and deterministic ids, so one seed always
 * gives the same synthetic authority. Not for anything secret.
 */

/** Draws numbers in [0, 1) from a 32-bit seed; the same seed gives the same sequence. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One key, chosen in proportion to its weight. */
  weighted<K extends string>(weights: readonly (readonly [K, number])[]): K {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of weights) {
      r -= w;
      if (r < 0) return key;
    }
    const last = weights[weights.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Deterministic UUID-shaped ids: a running counter first (so ids, and the contact references
 * taken from their first eight digits, are unique and short to compare), then the seed. Unique
 * within one seed's authority; two authorities with different seeds never collide.
 */
export class IdSource {
  private counter = 0;
  private readonly seedPart: string;

  constructor(seed: number) {
    const s = hex(seed >>> 0, 8);
    this.seedPart = `${s.slice(0, 4)}-4${s.slice(4, 7)}-a${s.slice(7)}`;
  }

  next(): string {
    this.counter += 1;
    const c = this.counter;
    return `${hex(c % 0x100000000, 8)}-${this.seedPart}${hex(Math.floor(c / 0x100000000), 2)}-5eed00000000`;
  }

  get issued(): number {
    return this.counter;
  }
}
