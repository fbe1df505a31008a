import type { PreparedMessage } from '../check/phrase-check.js';
import type { Message } from '../types.js';
import { blank, codeRanges, mergeRanges, urlRanges } from './masks.js';
import { foldText } from './normalize.js';

/** Channels where a reply is visible to everyone (a tweet, a comment): payment details must not appear there. */
export const DEFAULT_PUBLIC_CHANNELS = [
  'twitter', 'x', 'facebook', 'instagram', 'weibo', 'zalo-post', 'social', 'forum', 'community', 'review', 'reviews',
  'youtube', 'tiktok', 'reddit', 'linkedin', 'threads', 'mastodon', 'google-reviews', 'app-store',
];

/** The prepare stage: what the checks see of a message. */
export function prepareMessage(message: Message, publicChannels: ReadonlySet<string>): PreparedMessage {
  const ignored = message.ignoredRanges ?? [];
  const code = codeRanges(message.body);
  const rawMasked = mergeRanges(code, ignored);
  const foldMasked = mergeRanges(rawMasked, urlRanges(message.body));
  return {
    role: message.role,
    public: message.public,
    publicChannel: message.channel != null && publicChannels.has(message.channel),
    body: message.body,
    rawText: blank(message.body, rawMasked),
    folded: foldText(message.body, foldMasked),
  };
}
