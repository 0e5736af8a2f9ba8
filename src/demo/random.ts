/**
 * Seeded randomness for the demo district. Every value is a pure function of (seed, stream label,
 * indexes), so one student's records can be recomputed alone, in any order, without a shared cursor.
 */

/** The user's seed spread over four 32-bit words. */
export type SeedWords = readonly [number, number, number, number];

/** cyrb128: a small, well-mixed 128-bit string hash. */
export function seedWordsOf(seed: string | number): SeedWords {
  const text = String(seed);
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** FNV-1a of a stream label; labels are a handful of constants, so 32 bits are plenty. */
function labelHash(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): 128-bit state, 32-bit outputs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * Distinct (label, a, b) give distinct starting states, and the sfc32 step is a bijection, so
   * streams never coincide; the discarded rounds spread neighbouring indexes apart.
   */
  constructor(seed: SeedWords, label: string, a: number, b: number) {
    this.a = (seed[0] ^ labelHash(label)) | 0;
    this.b = (seed[1] ^ a) | 0;
    this.c = (seed[2] ^ b) | 0;
    this.d = seed[3] | 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return itemAt(list, this.int(list.length));
  }

  /** One value, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let roll = this.float() * total;
    for (const [value, w] of choices) {
      roll -= w;
      if (roll < 0) return value;
    }
    return itemAt(choices, choices.length - 1)[0];
  }
}

export function randomFor(seed: SeedWords, label: string, a = 0, b = 0): Random {
  return new Random(seed, label, a, b);
}

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexByte(byte: number): string {
  return HEX_BYTES[byte & 255] ?? '00';
}

function hex16(half: number): string {
  return hexByte(half >>> 8) + hexByte(half);
}

/** An opaque, UUID-shaped (version 4 layout) id for the index-th record of a kind. */
export function uuidFor(seed: SeedWords, kind: string, a = 0, b = 0): string {
  const r = new Random(seed, kind, a, b);
  const w0 = r.next();
  const w1 = r.next();
  const w2 = r.next();
  const w3 = r.next();
  return (
    `${hex16(w0 >>> 16)}${hex16(w0)}-${hex16(w1 >>> 16)}-${hex16((w1 & 0x0fff) | 0x4000)}-` +
    `${hex16(((w2 >>> 16) & 0x3fff) | 0x8000)}-${hex16(w2)}${hex16(w3 >>> 16)}${hex16(w3)}`
  );
}

/** Element i of a list the caller knows to be long enough. */
export function itemAt<T>(list: readonly T[], i: number): T {
  const value = list[i];
  if (value === undefined) throw new RangeError(`index ${i} outside a list of ${list.length}`);
  return value;
}

/** A bijection of [0, modulus) (multiplier coprime to modulus): unique numbers that do not look sequential. */
export function scramble(index: number, offset: number, modulus: number): number {
  return (index * 7919 + offset) % modulus;
}
