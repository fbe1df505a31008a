import type { Message, Ticket } from '../../types.js';
import type { ConversationCheck, ConversationHit } from './check.js';
import { cachedOptions, formatDuration, isCompanyReply, isConversation, leadSpan, optionError, parseDuration, type OptionSource } from './shared.js';

/**
 * slow-first-response: the first public company reply came later than the channel's customers
 * expect, measured from the customer's first message. Wall-clock time: business hours and
 * holidays are out of scope (an e-mail that arrived on Friday evening and was answered on Monday
 * is counted as the full weekend); raise the limit in config if your SLA pauses outside hours.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Real-time messaging: customers sit and wait. */
const CHAT = ['chat', 'live-chat', 'livechat', 'web-chat', 'webchat', 'in-app-chat', 'messenger', 'facebook-messenger', 'whatsapp', 'telegram', 'wechat', 'zalo', 'line', 'viber', 'imessage', 'sms'];
/** Public social channels: others watch the silence (the airline's 8-hour answer to a tweet). */
const SOCIAL = ['twitter', 'x', 'facebook', 'instagram', 'weibo', 'social', 'tiktok', 'youtube', 'linkedin', 'reddit', 'threads', 'mastodon', 'douyin', 'xiaohongshu', 'vk'];
/** Asynchronous channels. */
const ASYNC = ['email', 'e-mail', 'mail', 'web', 'web-form', 'webform', 'form', 'contact-form', 'api', 'portal', 'help-center', 'helpcenter', 'ticket'];
/** Voice: the first reply is the call itself; hold times are not in a transcript's timestamps. */
const VOICE = ['phone', 'voice', 'call', 'telephone', 'ivr', 'callback'];

export const DEFAULT_FIRST_RESPONSE_LIMITS: Readonly<Record<string, number | null>> = Object.freeze({
  ...Object.fromEntries(CHAT.map((c) => [c, 5 * MINUTE])),
  ...Object.fromEntries(SOCIAL.map((c) => [c, 60 * MINUTE])),
  ...Object.fromEntries(ASYNC.map((c) => [c, 24 * HOUR])),
  ...Object.fromEntries(VOICE.map((c) => [c, null])),
  default: 24 * HOUR,
});

/** "Live Chat", "web_form" → "live-chat", "web-form": how options and exports are compared. */
export function channelKey(channel: string): string {
  return channel.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

interface Limits {
  /** Per channel key: milliseconds, or null = not checked. */
  byChannel: Map<string, number | null>;
  /** Unknown channels and tickets without one. */
  fallback: number | null;
  /** As written, for the finding's detail ("limit 1h for twitter"). */
  shown: Map<string, string>;
}

const limits = cachedOptions<Limits>((options: Record<string, unknown>, source: OptionSource) => {
  const byChannel = new Map<string, number | null>();
  const shown = new Map<string, string>();
  let fallback: number | null = DEFAULT_FIRST_RESPONSE_LIMITS.default ?? null;
  for (const [channel, ms] of Object.entries(DEFAULT_FIRST_RESPONSE_LIMITS)) if (channel !== 'default') byChannel.set(channel, ms);
  for (const [key, value] of Object.entries(options)) {
    const ms = parseDuration(value);
    if (ms === undefined) throw optionError(source, key, value, 'expected a duration such as 90s, 5m, 1h, 24h, 2d, or off');
    if (typeof value === 'string') shown.set(channelKey(key), value.trim());
    if (key === 'default') fallback = ms;
    else byChannel.set(channelKey(key), ms);
  }
  return { byChannel, fallback, shown };
});

function channelOf(customer: Message, reply: Message, ticket: Ticket): string | null {
  return customer.channel ?? ticket.channel ?? reply.channel ?? null;
}

export const slowFirstResponse: ConversationCheck = {
  name: 'slow-first-response',
  validate(options, where) {
    limits.get(options, where);
  },
  run(ticket, ctx) {
    if (!isConversation(ticket)) return [];
    const messages = ticket.messages;
    const first = messages.findIndex((m) => m.role === 'customer');
    if (first < 0) return [];
    const customer = messages[first]!;
    // Unanswered tickets are `unanswered`'s to report; this check needs a reply to time.
    const reply = messages.slice(first + 1).find(isCompanyReply);
    if (!reply || !customer.createdAt || !reply.createdAt) return [];
    const { byChannel, fallback, shown } = limits.get(ctx.options, { rule: ctx.rule, configFile: null });
    const channel = channelOf(customer, reply, ticket);
    const key = channel ? channelKey(channel) : null;
    const limit = key !== null && byChannel.has(key) ? byChannel.get(key)! : fallback;
    if (limit === null) return [];
    const waited = reply.createdAt.getTime() - customer.createdAt.getTime();
    // A negative wait means the export's clocks or order are off: no finding rather than a wrong one.
    if (!(waited > limit)) return [];
    const limitText = (key !== null && byChannel.has(key) ? shown.get(key) : shown.get('default')) ?? formatDuration(limit);
    const hit: ConversationHit = {
      message: reply,
      ...leadSpan(reply.body),
      detail: `first reply after ${formatDuration(waited)}; limit ${limitText} for ${channel ?? 'a ticket without a channel'}`,
    };
    return [hit];
  },
};
