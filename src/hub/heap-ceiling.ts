/**
 * The V8 heap ceiling every Rosterbridge process starts with: bin/rosterbridge.js, the npm scripts
 * that run the CLI, and the benchmarks' child processes, which stand for them (a test checks that
 * they all carry it; docs/decisions/0009-heap-ceiling.md says why).
 *
 * V8 grows a heap by a factor chosen from its ceiling: with a ceiling of 2 GB or more — Node's
 * default on a machine with more than about 8 GB — it lets the heap reach up to four times what is
 * live before a full collection; below that, 1.3 to 2 times. A sync run holds little that lives
 * (a page, a batch, ids), so with the default ceiling most of its peak was garbage waiting to be
 * collected. 1.5 GB is far above what any run or request keeps alive.
 */
export const HEAP_CEILING_MB = 1536;

/** The node flag that sets it. */
export const HEAP_CEILING_FLAG = `--max-old-space-size=${HEAP_CEILING_MB}`;
