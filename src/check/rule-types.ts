import type { Role, Severity } from '../types.js';

/** A term: a literal phrase (with `*` for "word goes on") or a `/regex/`. */
export type TermSource = string;

/** One way a rule recognises its pattern in one language. */
export interface MatcherSpec {
  /** Triggers: any of these terms. The finding points at the trigger (and its `with` context). */
  any: TermSource[];
  /** Context that must also be present: each group needs one of its terms (same sentence by default). */
  with: TermSource[][];
  /** No finding when one of these is in the same sentence as the trigger. */
  unless: TermSource[];
  /** No finding when one of these is anywhere in the message. */
  unlessMessage: TermSource[];
  /** Where `with` terms are looked for. */
  scope: 'sentence' | 'message';
  /** Match the original text, case-sensitive (placeholders like `XXX` or `[CUSTOMER NAME]`). */
  raw: boolean;
  /** A match must also pass this check (e.g. Luhn for card numbers). */
  validate: ValidatorName | null;
  /** Where the spec was written: file and line, for error messages. */
  at: string;
}

export const VALIDATORS = ['luhn', 'iban'] as const;
export type ValidatorName = (typeof VALIDATORS)[number];

export type ChannelCondition = 'any' | 'public' | 'private';

export interface Example {
  /** The text to lint; for a ticket example, a one-line rendering of the ticket (what `explain` prints). */
  text: string;
  role?: Role;
  channel?: string;
  public?: boolean;
  /** A whole conversation, for conversation rules (timing, repetition, who spoke last). */
  ticket?: ExampleMessage[];
  at: string;
}

/** One message of a ticket example. */
export interface ExampleMessage {
  role: Role;
  text: string;
  /** When it was written (ISO-8601); absent = unknown. */
  at?: Date;
  channel?: string;
  public?: boolean;
  /** Its line in the rule file, so a finding on it points there. */
  line: number;
}

export interface RuleExamples {
  bad: Example[];
  good: Example[];
}

/** A rule, after the category file's defaults were applied. */
export interface Rule {
  /** `category/name`. */
  id: string;
  category: string;
  severity: Severity;
  title: string;
  message: string;
  lesson: string;
  source: string;
  suggestion: string;
  /** Whose messages it judges (agent and bot by default: company-written text). */
  roles: Role[];
  /** Whether internal notes are judged too (only data exposure: notes must not store secrets either). */
  internalNotes: boolean;
  /** Only in public channels (a public tweet), only in private ones, or anywhere. */
  channel: ChannelCondition;
  /** Per-language matchers; `*` applies whatever the language. */
  match: Record<string, MatcherSpec[]>;
  /** Conversation rules name a built-in check instead of matchers. */
  check: string | null;
  options: Record<string, unknown>;
  examples: Record<string, RuleExamples>;
  /** Rule file and line, for messages. */
  file: string;
  line: number;
}

/** The category-level facts of one rule file (what `explain <category>` prints). */
export interface CategoryInfo {
  id: string;
  title: string;
  severity: Severity;
  lesson: string;
  source: string;
  suggestion: string;
  file: string;
}

export interface RuleSet {
  rules: Rule[];
  categories: CategoryInfo[];
}
