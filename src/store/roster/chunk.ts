/** Splits a list into runs of at most `size` (statements have a bound-parameter limit). */
export function* chunk<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
