import type { PreparedMessage } from '../phrase-check.js';
import type { Rule } from '../rule-types.js';
import type { Message, Ticket } from '../../types.js';

/** What a conversation check says: which message shows the problem, optionally where in it. */
export interface ConversationHit {
  message: Message;
  /** Offsets in message.body; the whole message when absent. */
  start?: number;
  end?: number;
  /** Appended to the rule's message, e.g. "first reply after 8h 12m; limit 1h for twitter". */
  detail?: string;
  /** Overrides the rule's severity (a promise repeated in one ticket is worse). */
  severity?: Rule['severity'];
}

export interface ConversationContext {
  rule: Rule;
  /** The rule's YAML `options`, overlaid with the config's `conversation.<check>` and `rules.<id>.options`. */
  options: Record<string, unknown>;
  /** The prepared (folded) form of a message, computed once per message. */
  prepared(message: Message): PreparedMessage;
  /** Message-level matches already found in this ticket, by message (for checks that build on them). */
  matches(message: Message): ReadonlyArray<{ ruleId: string; category: string; start: number; end: number }>;
}

/** A check over a whole ticket (timing, repetition, the shape of the conversation). */
export interface ConversationCheck {
  /** The name rule files use in `check:`. */
  readonly name: string;
  /**
   * Checks (and may cache) the merged options once, when the Checker is built, so a bad duration or
   * threshold fails the run up front with the file that holds it. Throws TicketlintError.
   */
  validate?(options: Record<string, unknown>, where: { rule: Rule; configFile: string | null }): void;
  run(ticket: Ticket, ctx: ConversationContext): ConversationHit[];
}
