import { join } from 'node:path';
import { Checker, effectiveRules } from '../src/check/index.js';
import { loadRules } from '../src/check/load-rules.js';
import { defaultConfig, type Config } from '../src/config/load.js';
import { textLocator } from '../src/read/locator.js';
import type { Finding, Message, Role, Ticket } from '../src/types.js';
import { ROOT } from './helpers.js';

/** The conversation rule packs, loaded on their own so another pack being edited cannot break these tests. */
export const CONVERSATION_PACKS = ['slow-first-response', 'unanswered', 'repeat-info-request', 'scripted-reply'].map((c) => join(ROOT, 'rules', `${c}.yaml`));

export async function checkerFor(config: Partial<Config> = {}, packs: string[] = CONVERSATION_PACKS): Promise<Checker> {
  const cfg: Config = { ...defaultConfig(), ...config };
  const set = await loadRules(packs);
  return new Checker(effectiveRules(set, cfg), cfg);
}

export interface Turn {
  role: Role;
  text: string;
  /** "10:00" (on 2024-05-01, UTC), "+1d 09:30" (days later), or absent = no timestamp. */
  at?: string;
  public?: boolean;
  channel?: string;
}

function time(at: string | undefined): Date | null {
  if (!at) return null;
  const m = /^(?:\+(\d+)d )?(\d{2}):(\d{2})$/.exec(at);
  if (!m) throw new Error(`bad test time ${at}`);
  return new Date(Date.UTC(2024, 4, 1 + Number(m[1] ?? 0), Number(m[2]), Number(m[3])));
}

/** A ticket whose message i sits on line i + 1 of "t.csv", with ids T-1, T-2, ... */
export function ticket(turns: Turn[], channel: string | null = 'chat', format = 'generic'): Ticket {
  const messages: Message[] = turns.map((t, i) => ({
    id: `T-${i + 1}`,
    ticketId: 'T',
    role: t.role,
    author: null,
    public: t.public ?? true,
    channel: t.channel ?? channel,
    createdAt: time(t.at),
    body: t.text,
    locator: textLocator(t.text, { line: i + 1, column: 1 }),
  }));
  return { id: 'T', file: 't.csv', format, channel, messages };
}

export async function findings(checker: Checker, t: Ticket, category?: string): Promise<Finding[]> {
  const all = await checker.checkTicket(t);
  return category ? all.filter((f) => f.category === category) : all;
}

export const customer = (text: string, at?: string, extra: Partial<Turn> = {}): Turn => ({ role: 'customer', text, ...(at ? { at } : {}), ...extra });
export const agent = (text: string, at?: string, extra: Partial<Turn> = {}): Turn => ({ role: 'agent', text, ...(at ? { at } : {}), ...extra });
export const note = (text: string, at?: string): Turn => ({ role: 'agent', text, public: false, ...(at ? { at } : {}) });
