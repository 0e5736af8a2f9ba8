/** Write access to a new OneRoster CSV bundle; nothing is visible at `location` until `commit`. */
export interface BundleWriter {
  readonly location: string;
  readonly kind: 'zip' | 'folder';
  /**
   * Writes one root file from text chunks (encoded as UTF-8, no BOM). Call sequentially; files are written
   * in call order. If `chunks` throws or the write fails, the whole bundle is aborted and the error rethrown.
   */
  writeFile(name: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /** Zip: finishes the archive and renames it into place. Folder: moves the files into place, manifest.csv last. */
  commit(): Promise<void>;
  /** Discards everything written. Idempotent; a no-op after `commit`. */
  abort(): Promise<void>;
}

export interface BundleWriterOptions {
  /** Default: 'zip' when `location` ends in `.zip` (any case), else 'folder'. */
  readonly kind?: 'zip' | 'folder';
  /**
   * Zip entry timestamps. Default: 1980-01-01 00:00, stored in the DOS fields only, so the same content gives
   * byte-identical archives on any machine. A given date is also stored as an Info-ZIP UTC timestamp.
   */
  readonly mtime?: Date;
  /** Zip: deflate entries (default) or store them. */
  readonly compress?: boolean;
}
