import type { Role } from '../types.js';

/** Role names helpdesks use, mapped to ours (shared/spec/interface.md). */
const ROLE_ALIASES: Record<string, Role> = {
  customer: 'customer', 'end-user': 'customer', enduser: 'customer', end_user: 'customer', requester: 'customer',
  user: 'customer', contact: 'customer', client: 'customer', lead: 'customer', visitor: 'customer', inbound: 'customer',
  agent: 'agent', admin: 'agent', staff: 'agent', support: 'agent', operator: 'agent', employee: 'agent',
  representative: 'agent', rep: 'agent', company: 'agent', outbound: 'agent', teammate: 'agent',
  bot: 'bot', chatbot: 'bot', assistant: 'bot', automation: 'bot', ai: 'bot',
  system: 'system', workflow: 'system', trigger: 'system',
};

export function parseRole(value: string): Role | null {
  return ROLE_ALIASES[value.trim().toLowerCase()] ?? null;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'public', 'external']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'private', 'internal', 'note']);

export function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return null;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
// Twitter's `Tue Oct 31 22:10:47 +0000 2017`.
const TWITTER_DATE = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** ISO-8601, Twitter dates and unix seconds (or milliseconds); null when it is none of them. */
export function parseTimestamp(value: string): Date | null {
  const v = value.trim();
  if (!v) return null;
  if (/^\d{9,13}(?:\.\d+)?$/.test(v)) {
    const n = Number(v);
    return new Date(n > 1e12 ? n : n * 1000);
  }
  const tw = TWITTER_DATE.exec(v);
  if (tw) {
    const month = MONTHS[tw[1]!.toLowerCase()];
    if (month === undefined) return null;
    const sign = tw[6] === '-' ? -1 : 1;
    const offsetMin = sign * (Number(tw[7]) * 60 + Number(tw[8]));
    const utc = Date.UTC(Number(tw[9]), month, Number(tw[2]), Number(tw[3]), Number(tw[4]), Number(tw[5]));
    return new Date(utc - offsetMin * 60_000);
  }
  if (ISO_DATE.test(v)) {
    const d = new Date(v.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}
