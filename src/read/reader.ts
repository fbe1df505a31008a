import type { Ticket } from '../types.js';
import type { TextSource } from './text-source.js';

export const INPUT_FORMATS = ['auto', 'generic', 'zendesk', 'freshdesk', 'intercom', 'helpscout', 'twcs', 'transcript', 'library'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface ReadOptions {
  /** Generic CSV: our field name → the header in the user's file (from config `columns`). */
  columns?: Record<string, string>;
  /** Transcript speaker prefixes (from config `transcript`). */
  transcript?: { agent?: string[]; customer?: string[]; bot?: string[] };
  /** How many rows a ticket may stay open without a new message before it is closed (bounded memory). */
  ticketWindow?: number;
}

export interface ReadContext {
  source: TextSource;
  /** The name findings carry. */
  file: string;
  /** File extension, lower case, without the dot ('' for stdin). */
  ext: string;
  options: ReadOptions;
  /** Reports a defect in the input; level 'error' makes the run exit 2, the rest is still read. */
  problem(line: number | null, message: string, level?: 'error' | 'warning'): void;
}

/** One input format: how to recognise it and how to turn it into tickets. */
export interface InputReader {
  readonly format: Exclude<InputFormat, 'auto'>;
  /** How well the start of the input fits this format: 0 = not this format, higher wins. */
  sniff(head: string, ext: string): number;
  read(ctx: ReadContext): AsyncIterable<Ticket>;
}
