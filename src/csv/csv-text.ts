import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** Rows → RFC 4180 text, streamed. */
export function csvText(rows: AsyncIterable<string[]> | Iterable<string[]>): AsyncIterable<string> {
  return Readable.from(rows).pipe(stringify({ quoted_match: /^\s|\s$/ })).setEncoding('utf8');
}
