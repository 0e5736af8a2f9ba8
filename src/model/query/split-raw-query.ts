/**
 * Splits and decodes a raw (undecoded) query string the way OneRoster clients actually send it:
 * some percent-encode the filter (`filter=email%3D%27a%40b.org%27`), some send it raw
 * (`filter=email='a@b.org' AND status='active'`), some use `+` for spaces.
 *
 * - A leading `?` is ignored. Parameters are separated by `&`; inside the `filter` value an `&`
 *   between single quotes does not separate (a raw value may contain one). A quote is `'` or `%27`.
 *   An unterminated quote therefore runs to the end of the query; the filter parser then reports it.
 * - A parameter without `=` has the empty value. Empty segments (`&&`) are skipped.
 * - Percent-decoding is lenient: `%` not followed by two hex digits stays a literal `%`; the bytes are
 *   read as UTF-8 and invalid sequences become U+FFFD; characters sent raw are kept as they are.
 * - `+` is a space, except inside a quoted filter value whose opening quote was sent raw (`'`): a client
 *   that does not encode its quotes did not encode its `+` either (`email='a+b@x.org'` keeps the `+`),
 *   while a client that encodes quotes (`%27`) also encodes `+` as `%2B`, so its `+` means space.
 */

export interface RawQueryParam {
  /** Decoded name, matched exactly (`orderBy`, not `orderby`). */
  name: string;
  /** Decoded value. */
  value: string;
}

const FILTER = 'filter';

export function splitRawQuery(rawQuery: string): RawQueryParam[] {
  const raw = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  const params: RawQueryParam[] = [];
  let pos = 0;
  while (pos < raw.length) {
    let nameEnd = pos;
    while (nameEnd < raw.length && raw[nameEnd] !== '=' && raw[nameEnd] !== '&') nameEnd += 1;
    const name = decodeQueryComponent(raw.slice(pos, nameEnd), false);
    if (nameEnd >= raw.length || raw[nameEnd] === '&') {
      if (nameEnd > pos) params.push({ name, value: '' });
      pos = nameEnd + 1;
      continue;
    }
    const valueStart = nameEnd + 1;
    const valueEnd = name === FILTER ? endOfQuotedAware(raw, valueStart) : endOfPlain(raw, valueStart);
    params.push({ name, value: decodeQueryComponent(raw.slice(valueStart, valueEnd), name === FILTER) });
    pos = valueEnd + 1;
  }
  return params;
}

function endOfPlain(raw: string, start: number): number {
  const end = raw.indexOf('&', start);
  return end < 0 ? raw.length : end;
}

function endOfQuotedAware(raw: string, start: number): number {
  let inQuote = false;
  let pos = start;
  while (pos < raw.length) {
    if (raw[pos] === "'") inQuote = !inQuote;
    else if (isEncodedQuote(raw, pos)) {
      inQuote = !inQuote;
      pos += 3;
      continue;
    } else if (raw[pos] === '&' && !inQuote) return pos;
    pos += 1;
  }
  return raw.length;
}

/**
 * Percent-decodes one component. With `quoteAwarePlus`, a `+` inside a value opened by a raw `'`
 * stays `+` (see the module comment); otherwise `+` is a space.
 */
export function decodeQueryComponent(raw: string, quoteAwarePlus: boolean): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let inQuote = false;
  let openedRaw = false;
  let pos = 0;
  while (pos < raw.length) {
    const escaped = hexByteAt(raw, pos);
    if (escaped !== undefined) {
      if (escaped === 0x27) {
        openedRaw = false;
        inQuote = !inQuote;
      }
      bytes.push(escaped);
      pos += 3;
      continue;
    }
    const code = raw.codePointAt(pos) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    if (code === 0x2b) {
      bytes.push(quoteAwarePlus && inQuote && openedRaw ? 0x2b : 0x20);
    } else if (code < 0x80) {
      if (code === 0x27) {
        openedRaw = true;
        inQuote = !inQuote;
      }
      bytes.push(code);
    } else {
      // Lone surrogates come out as U+FFFD, like any other invalid text.
      for (const byte of encoder.encode(raw.slice(pos, pos + width))) bytes.push(byte);
    }
    pos += width;
  }
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(Uint8Array.from(bytes));
}

function isEncodedQuote(raw: string, pos: number): boolean {
  return hexByteAt(raw, pos) === 0x27;
}

function hexByteAt(raw: string, pos: number): number | undefined {
  if (raw[pos] !== '%') return undefined;
  const hex = raw.slice(pos + 1, pos + 3);
  return /^[0-9A-Fa-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
}
