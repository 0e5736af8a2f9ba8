/** One broken rule, located precisely enough that a person can open the file and fix it. */
export interface ImportProblem {
  readonly file: string;
  /** 1-based line in the file (the header is line 1); absent for whole-file problems. */
  readonly line?: number;
  readonly column?: string;
  /** Short rule name: header, required, vocabulary, date, reference, duplicate, encoding … */
  readonly rule: string;
  readonly message: string;
}

/** Collects problems up to a limit; past it, only counts them, and asks the import to stop early. */
export class ProblemLog {
  readonly problems: ImportProblem[] = [];
  private total = 0;

  constructor(private readonly limit: number) {}

  add(problem: ImportProblem): void {
    this.total++;
    if (this.problems.length < this.limit) this.problems.push(problem);
  }

  get count(): number {
    return this.total;
  }

  get full(): boolean {
    return this.total >= this.limit;
  }

  get any(): boolean {
    return this.total > 0;
  }
}

export function formatProblem(p: ImportProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.column !== undefined ? `column ${p.column}` : undefined]
    .filter((x) => x !== undefined)
    .join(', ');
  return `${where}: ${p.message} [${p.rule}]`;
}
