import type { ConversationCheck } from './check.js';
import { repeatInfoRequest } from './repeat-info-request.js';
import { repeatedPromise } from './repeated-promise.js';
import { scriptedReply } from './scripted-reply.js';
import { slowFirstResponse } from './slow-first-response.js';
import { unanswered } from './unanswered.js';

/** Every conversation check, by the name rule files give in `check:`. */
export const CONVERSATION_CHECKS = new Map<string, ConversationCheck>();

export function registerConversationCheck(check: ConversationCheck): void {
  CONVERSATION_CHECKS.set(check.name, check);
}

// The built-in checks; the Checker imports this module, so they are there before any rule names one.
for (const check of [slowFirstResponse, unanswered, repeatInfoRequest, scriptedReply, repeatedPromise]) registerConversationCheck(check);
