import { HubError } from '../../kernel/index.ts';

/** Big enough to keep per-chunk overhead (stream hops, deflate calls) negligible; small enough to be flat. */
const BATCH_CHARS = 64 * 1024;

/**
 * UTF-8 bytes of text given in pieces of any size (a row, a field, a megabyte), regrouped into batches of
 * about 64 KiB. A surrogate pair split across pieces is kept together rather than encoded as U+FFFD.
 */
export async function* utf8Batches(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    if (typeof chunk !== 'string') {
      throw new HubError('invalid_argument', `A bundle file's content must be text, got ${typeof chunk}`);
    }
    if (chunk.length === 0) continue;
    parts.push(chunk);
    size += chunk.length;
    if (size < BATCH_CHARS) continue;
    let text = parts.join('');
    parts = [];
    size = 0;
    if (endsWithHighSurrogate(text)) {
      parts.push(text.slice(-1));
      size = 1;
      text = text.slice(0, -1);
    }
    yield Buffer.from(text, 'utf8');
  }
  if (size > 0) yield Buffer.from(parts.join(''), 'utf8');
}

function endsWithHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
