/**
 * A tiny UTF-8 validator, used only to explain a failure: `TextDecoder` says *that* bytes are not
 * UTF-8, this says *where*. It follows the WHATWG decoder, so it blames the same byte.
 */
export type Utf8Scan =
  | { readonly kind: 'valid' }
  /** `index` is the first byte of the first ill-formed sequence. */
  | { readonly kind: 'invalid'; readonly index: number }
  /** Well-formed, but the last sequence (starting at `index`) is cut short by the end of `bytes`. */
  | { readonly kind: 'incomplete'; readonly index: number };

export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const needed = sequenceLength(lead);
    if (needed === 0) return { kind: 'invalid', index: i };
    const [low, high] = secondByteRange(lead);
    for (let k = 1; k < needed; k += 1) {
      if (i + k >= bytes.length) return { kind: 'incomplete', index: i };
      const byte = bytes[i + k] ?? 0;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (byte < min || byte > max) return { kind: 'invalid', index: i };
    }
    i += needed;
  }
  return { kind: 'valid' };
}

/**
 * How many bytes at the end of `bytes` start a sequence the end cuts short (0–3). Only meaningful
 * for bytes already known to be well-formed up to their end, as after a successful streaming decode.
 */
export function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte >= 0x80 && byte < 0xc0) continue; // a continuation byte: keep looking for its lead
    const needed = byte < 0x80 ? 1 : sequenceLength(byte);
    return needed > back ? back : 0;
  }
  return 0;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Overlong forms, surrogates and code points above U+10FFFF are excluded by narrowing the second byte. */
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
