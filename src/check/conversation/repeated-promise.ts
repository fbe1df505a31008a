import type { ConversationCheck, ConversationHit } from './check.js';
import { isCompanyReply, isConversation } from './shared.js';

/**
 * repeated-promise: a vague promise made again in the same ticket. One "we'll look into it" is a
 * warning; the second and later ones are the manufacturer in the seed story, friendly and quick to
 * promise, who never delivered — so they are reported again, by a rule whose severity is `error`.
 * The severity is the rule's (its YAML says `error`), not forced here, so a team can still turn
 * it down in config. Builds on the message-level `empty-promise` matches (the category's phrase
 * rules), so it promises nothing on its own.
 */

/** The category whose message-level matches count as a promise (option `category`, default empty-promise). */
const DEFAULT_CATEGORY = 'empty-promise';

export const repeatedPromise: ConversationCheck = {
  name: 'repeated-promise',
  run(ticket, ctx) {
    if (!isConversation(ticket)) return [];
    const category = typeof ctx.options.category === 'string' ? ctx.options.category : DEFAULT_CATEGORY;
    const hits: ConversationHit[] = [];
    let first: { line: number } | null = null;
    let count = 0;
    for (const message of ticket.messages) {
      if (!isCompanyReply(message)) continue;
      const promise = ctx.matches(message).find((m) => m.category === category && m.ruleId !== ctx.rule.id);
      if (!promise) continue;
      count++;
      if (!first) {
        first = { line: message.locator.locate(promise.start).line };
        continue;
      }
      hits.push({
        message,
        start: promise.start,
        end: promise.end,
        detail: `vague promise number ${count} in this ticket; the first was at line ${first.line}`,
      });
    }
    return hits;
  },
};
