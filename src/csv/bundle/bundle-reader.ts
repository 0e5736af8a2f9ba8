import type { Readable } from 'node:stream';

/**
 * Decoded UTF-8 text of one file: a Node Readable (so it can be piped or destroyed) whose chunks are
 * strings. Destroy it to stop reading early; its file or zip entry is released either way.
 */
export type TextStream = Readable & AsyncIterable<string>;

/** Read access to a OneRoster CSV bundle: a zip archive or a folder with the files at its root. */
export interface BundleReader {
  /** The path given to `openBundle`. */
  readonly location: string;
  readonly kind: 'zip' | 'folder';
  /** Names of the plain files at the root, sorted. */
  fileNames(): string[];
  /** Entries that are not root files (sub-folders and their files, `__MACOSX/`, unsafe names), sorted. */
  ignoredEntries(): string[];
  /** Exact, case-sensitive. */
  has(name: string): boolean;
  /**
   * The decoded text of one file, a leading UTF-8 BOM removed. The stream errors with HubError
   * 'bundle_unreadable' on bytes that are not UTF-8 (naming line and byte offset), on UTF-16, and on a
   * damaged zip entry. A CRC mismatch is only known at the end of the entry, after its text has been
   * delivered: treat a file as good only once its stream has ended without error.
   */
  openText(name: string): Promise<TextStream>;
  close(): Promise<void>;
}
