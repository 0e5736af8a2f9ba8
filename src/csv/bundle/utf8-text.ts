import { TextDecoder } from 'node:util';
import { HubError } from '../../kernel/index.ts';
import { incompleteTailLength, scanUtf8 } from './utf8-scan.ts';

/** Which file the bytes come from, for messages. */
export interface TextSource {
  readonly bundle: string;
  readonly file: string;
}

const EMPTY = new Uint8Array(0);
const NEWLINE = 0x0a;
/** Bytes looked at before deciding the file is UTF-16: enough for a BOM or two NUL-padded ASCII characters. */
const SNIFF_BYTES = 4;

/**
 * Decodes a stream of bytes as UTF-8 text, dropping a leading UTF-8 BOM. Fails with a HubError naming the
 * file, the line and the absolute byte offset of the first byte that is not UTF-8, or saying the file is
 * UTF-16. Memory stays at one chunk: nothing is kept but a partial character between chunks.
 */
export async function* decodeUtf8Text(bytes: AsyncIterable<Uint8Array>, source: TextSource): AsyncGenerator<string> {
  // fatal: throw on bad bytes; ignoreBOM false (the default): a leading U+FEFF is consumed, not returned.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const position = { consumed: 0, newlines: 0, carry: EMPTY };
  let head: Uint8Array | undefined = EMPTY;

  for await (const chunk of bytes) {
    let data = chunk;
    if (head !== undefined) {
      head = concat(head, chunk);
      if (head.length < SNIFF_BYTES) continue;
      refuseUtf16(head, source);
      data = head;
      head = undefined;
    }
    const text = decodeChunk(decoder, data, position, source);
    if (text.length > 0) yield text;
  }
  if (head !== undefined && head.length > 0) {
    refuseUtf16(head, source);
    const text = decodeChunk(decoder, head, position, source);
    if (text.length > 0) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch (error) {
    throw notUtf8(source, position, position.carry, 0, error);
  }
  if (rest.length > 0) yield rest;
}

interface Position {
  /** Bytes handed to the decoder before the current chunk. */
  consumed: number;
  /** Line feeds in those bytes (a 0x0A byte is always a line feed in UTF-8). */
  newlines: number;
  /** The trailing bytes of a character the previous chunk cut short. */
  carry: Uint8Array;
}

function decodeChunk(decoder: TextDecoder, chunk: Uint8Array, position: Position, source: TextSource): string {
  let text: string;
  try {
    text = decoder.decode(chunk, { stream: true });
  } catch (error) {
    const data = concat(position.carry, chunk);
    const scan = scanUtf8(data);
    // The decoder and the scanner agree on the first bad byte; 'valid' cannot happen after a throw.
    const index = scan.kind === 'invalid' ? scan.index : 0;
    throw notUtf8(source, position, data, index, error);
  }
  const tailSource = chunk.length >= 3 ? chunk : concat(position.carry, chunk);
  // A copy, so the carry does not keep the whole chunk alive.
  position.carry = new Uint8Array(tailSource.subarray(tailSource.length - incompleteTailLength(tailSource)));
  position.consumed += chunk.length;
  position.newlines += countNewlines(chunk);
  return text;
}

/** `data` starts with the carried partial character, so its index 0 is at `consumed - carry.length`. */
function notUtf8(source: TextSource, position: Position, data: Uint8Array, index: number, cause: unknown): HubError {
  const offset = position.consumed - position.carry.length + index;
  const line = position.newlines + countNewlines(data.subarray(0, index)) + 1;
  const byte = data[index] ?? 0;
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return new HubError(
    'bundle_unreadable',
    `In bundle ${source.bundle}, ${source.file} line ${line}: not valid UTF-8 (byte ${hex} at offset ${offset}); save the file as UTF-8`,
    { cause, details: { bundle: source.bundle, file: source.file, line, offset, byte } },
  );
}

function refuseUtf16(head: Uint8Array, source: TextSource): void {
  const [b0, b1, b2, b3] = head;
  const bom = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  // Without a BOM, ASCII text in UTF-16 shows as every other byte being NUL, which CSV text never has.
  const nulPadded = head.length >= 4 && ((b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) || (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0));
  if (bom || nulPadded) {
    throw new HubError('bundle_unreadable', `In bundle ${source.bundle}, ${source.file} is UTF-16; save the file as UTF-8`, {
      details: { bundle: source.bundle, file: source.file },
    });
  }
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at !== -1) {
    count += 1;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}
