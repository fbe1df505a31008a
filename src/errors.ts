/**
 * The one error type ticketlint throws on purpose. The CLI prints it as a single line
 * (`file:line: message`) and exits 2; anything else is a bug and gets a stack trace only with --debug.
 */
export class TicketlintError extends Error {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;

  constructor(message: string, where: { file?: string | null; line?: number | null; column?: number | null } = {}) {
    super(message);
    this.name = 'TicketlintError';
    this.file = where.file ?? null;
    this.line = where.line ?? null;
    this.column = where.column ?? null;
  }

  /** `file:line:col: message`, the one-line form every exit-2 message takes. */
  toLine(): string {
    const where = [this.file, this.line, this.line != null ? this.column : null].filter((p) => p != null).join(':');
    return where ? `${where}: ${this.message}` : this.message;
  }
}
