import type { ConversationCheck } from './check.js';

/** Every conversation check, by the name rule files give in `check:`. */
export const CONVERSATION_CHECKS = new Map<string, ConversationCheck>();

export function registerConversationCheck(check: ConversationCheck): void {
  CONVERSATION_CHECKS.set(check.name, check);
}
