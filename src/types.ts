/** Shared shapes of the pipeline: read → prepare → check → report. */

export type Role = 'customer' | 'agent' | 'bot' | 'system';
export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const LANGUAGES = ['en', 'vi', 'ar', 'zh', 'pl', 'es', 'de', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A 1-based line and column (UTF-16 code units, as ESLint and SARIF's default). */
export interface Position {
  line: number;
  column: number;
}

/** Maps an offset in a message body back to its place in the source file. */
export interface Locator {
  locate(offset: number): Position;
}

/** One message of a ticket, as read from a source. */
export interface Message {
  /** Stable id: from the export when it has one, otherwise derived from the position. */
  id: string | null;
  ticketId: string | null;
  role: Role;
  author: string | null;
  /** Visible to the customer; false for internal notes. */
  public: boolean;
  /** Channel as exported (email, chat, twitter, ...), lower-cased; null when unknown. */
  channel: string | null;
  createdAt: Date | null;
  /** The text as the customer sees it (the part ticketlint judges). */
  body: string;
  /** Offset of `body` inside the original field: body[i] sits at original field offset offsetMap(i). */
  locator: Locator;
  /** Language forced by the source or the user; detection fills it otherwise. */
  lang?: string | null;
  /** Ranges of body that are quoted history or signatures: checks skip them (set by readers). */
  ignoredRanges?: Array<[number, number]>;
  /** Extra reader facts (macro id, vendor part type...). */
  meta?: Record<string, unknown>;
}

export interface Ticket {
  id: string | null;
  file: string;
  /** Reader that produced it (generic, library, zendesk...). */
  format: string;
  channel: string | null;
  messages: Message[];
}

/** What a check reports; the JSON output contract of shared/spec/interface.md. */
export interface Finding {
  ruleId: string;
  category: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ticketId: string | null;
  messageId: string | null;
  author: string | null;
  lang: string | null;
  excerpt: string;
  message: string;
  lesson: string;
  source: string;
  suggestion: string;
}

export interface Summary {
  files: number;
  tickets: number;
  messages: number;
  findings: number;
  errors: number;
  warnings: number;
}

/** A problem with the input or the run itself (exit code 2), reported without losing the rest. */
export interface RunProblem {
  file: string;
  line: number | null;
  message: string;
  /** 'error' fails the run (exit 2); 'warning' is reported but does not. */
  level: 'error' | 'warning';
}

/**
 * Facts of a run beyond the JSON contract's summary, for reports that need them (the HTML
 * per-agent scorecard, JUnit's passing test cases for clean files). Never part of `--format json`.
 */
export interface RunStats {
  /** Every file read, in reading order, clean ones included. */
  files: string[];
  /** Company-written messages (agent and bot: the ones rules judge) per author name. */
  messagesByAuthor: Record<string, number>;
  /** Company-written messages that carry no author. */
  messagesWithoutAuthor: number;
}

export interface LintResult {
  findings: Finding[];
  summary: Summary;
  problems: RunProblem[];
  stats?: RunStats;
}
