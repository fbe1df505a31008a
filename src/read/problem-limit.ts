import type { RunProblem } from '../types.js';

/** Problems of one kind reported per file before the rest are only counted. */
export const PROBLEMS_PER_KIND = 20;

/**
 * The kind of a problem: its message with numbers and quoted values taken out, so "expected 8
 * fields, found 9" on line 3 and "expected 8 fields, found 7" on line 9 are one kind.
 */
export function problemKind(p: Pick<RunProblem, 'level' | 'message'>): string {
  return `${p.level}:${p.message.replace(/"[^"]*"/g, '""').replace(/\d[\d,.]*/g, '#')}`;
}

/**
 * Caps the problems of one file: a million-row export with a stray quote on every row must not
 * print a million lines (or keep a million problem objects). After PROBLEMS_PER_KIND of a kind,
 * the others are counted and summed up in one line per kind at the end of the file; nothing is
 * dropped silently, and an error stays an error (the exit code does not change).
 */
export class ProblemLimiter {
  private readonly kinds = new Map<string, { first: RunProblem; shown: number; suppressed: number }>();

  constructor(private readonly emit: (p: RunProblem) => void) {}

  add(problem: RunProblem): void {
    const kind = problemKind(problem);
    let seen = this.kinds.get(kind);
    if (!seen) this.kinds.set(kind, (seen = { first: problem, shown: 0, suppressed: 0 }));
    if (seen.shown < PROBLEMS_PER_KIND) {
      seen.shown++;
      this.emit(problem);
    } else seen.suppressed++;
  }

  /** One summary line per kind that went over the cap; call at the end of each file. */
  flush(): void {
    for (const { first, suppressed } of this.kinds.values()) {
      if (suppressed === 0) continue;
      this.emit({
        file: first.file,
        line: null,
        level: first.level,
        message: `${suppressed.toLocaleString('en-US')} more like "${first.message}" (only the first ${PROBLEMS_PER_KIND} are listed)`,
      });
    }
    this.kinds.clear();
  }
}
