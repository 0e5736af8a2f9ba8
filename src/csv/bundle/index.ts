export type { BundleReader, TextStream } from './bundle-reader.ts';
export { openBundle } from './open-bundle.ts';
export type { BundleWriter, BundleWriterOptions } from './bundle-writer.ts';
export { createBundleWriter } from './create-bundle-writer.ts';
export { MAX_ENTRY_BYTES } from './zip-bundle-reader.ts';
export { decodeUtf8Text, type TextSource } from './utf8-text.ts';
