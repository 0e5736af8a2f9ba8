import type { AttendanceCodeRecord } from '../../model/index.ts';

/**
 * The attendance codes in force while an import runs: the store's (unless a bulk codes file
 * replaces them) with the bundle's rows applied. Keyed by school, kind and code text, because
 * daily and period rows name codes the way SIS exports do (`A`, `T`), not by sourcedId.
 */
export class CodeBook {
  private readonly byKey = new Map<string, string>();
  private readonly keyOf = new Map<string, string>();

  static key(school: string, kind: string, code: string): string {
    return `${school}\u0000${kind}\u0000${code}`;
  }

  put(code: AttendanceCodeRecord): void {
    this.remove(code.sourcedId);
    const key = CodeBook.key(code.school, code.kind, code.code);
    this.byKey.set(key, code.sourcedId);
    this.keyOf.set(code.sourcedId, key);
  }

  remove(sourcedId: string): void {
    const old = this.keyOf.get(sourcedId);
    if (old === undefined) return;
    if (this.byKey.get(old) === sourcedId) this.byKey.delete(old);
    this.keyOf.delete(sourcedId);
  }

  has(school: string, kind: string, code: string): boolean {
    return this.byKey.has(CodeBook.key(school, kind, code));
  }
}
