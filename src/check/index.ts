import type { Config } from '../config/load.js';
import { detectLanguage } from '../prepare/language.js';
import { DEFAULT_PUBLIC_CHANNELS, prepareMessage } from '../prepare/index.js';
import { TicketlintError } from '../errors.js';
import type { Finding, Message, Severity, Ticket } from '../types.js';
import type { ConversationCheck, ConversationHit } from './conversation/check.js';
import { CONVERSATION_CHECKS } from './conversation/index.js';
import { PhraseCheck, type PreparedMessage, type RawMatch } from './phrase-check.js';
import type { Rule, RuleSet } from './rule-types.js';

export interface CheckerOptions {
  /** Restrict matchers to these languages (from --lang); null = all. */
  langs?: string[] | null;
  /** Forced message language for findings (from --lang); null = detect. */
  forcedLang?: string | null;
}

/** Applies the config's `rules:` settings: drops rules turned off, changes severities, merges options. */
export function effectiveRules(set: RuleSet, config: Config): Rule[] {
  const known = new Set([...set.rules.map((r) => r.id), ...set.rules.map((r) => r.category)]);
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id)) throw new TicketlintError(`config names unknown rule or category "${id}"`, { file: config.file });
  }
  const out: Rule[] = [];
  for (const rule of set.rules) {
    const settings = [config.rules[rule.category], config.rules[rule.id]];
    let severity: Severity | 'off' = rule.severity;
    let options = rule.options;
    for (const s of settings) {
      if (s === undefined) continue;
      if (typeof s === 'string') severity = s;
      else {
        if (s.severity) severity = s.severity;
        if (s.options) options = { ...options, ...s.options };
      }
    }
    if (severity === 'off') continue;
    out.push({ ...rule, severity, options });
  }
  return out;
}

/** The check stage: compiled rules and conversation checks → findings for one ticket at a time. */
export class Checker {
  private readonly phrase: PhraseCheck;
  private readonly conversation: Array<{ rule: Rule; check: ConversationCheck; options: Record<string, unknown> }> = [];
  private readonly publicChannels: ReadonlySet<string>;
  private readonly templateVariables: Array<string | RegExp>;

  constructor(readonly rules: Rule[], private readonly config: Config, private readonly options: CheckerOptions = {}) {
    this.phrase = new PhraseCheck(rules.filter((r) => !r.check), { langs: options.langs ?? null });
    for (const rule of rules) {
      if (!rule.check) continue;
      const check = CONVERSATION_CHECKS.get(rule.check);
      if (!check) throw new TicketlintError(`rule "${rule.id}" names unknown check "${rule.check}" (known: ${[...CONVERSATION_CHECKS.keys()].join(', ') || 'none'})`, { file: rule.file, line: rule.line });
      // Most specific wins: the rule's YAML, then `conversation.<check>`, then `rules.<category|id>.options`.
      const fromRuleSettings = [config.rules[rule.category], config.rules[rule.id]].map((x) => (typeof x === 'object' ? (x.options ?? {}) : {}));
      const merged = { ...rule.options, ...(config.conversation[rule.check] ?? {}), ...Object.assign({}, ...fromRuleSettings) };
      check.validate?.(merged, { rule, configFile: config.file });
      this.conversation.push({ rule, check, options: merged });
    }
    this.publicChannels = new Set(config.publicChannels ?? DEFAULT_PUBLIC_CHANNELS);
    this.templateVariables = config.templateVariables.map((v) =>
      v.length > 2 && v.startsWith('/') && v.endsWith('/') ? new RegExp(v.slice(1, -1), 'u') : v,
    );
  }

  prepare(message: Message): PreparedMessage {
    return prepareMessage(message, this.publicChannels);
  }

  /** Findings for one ticket: message rules on each message, then conversation checks on the whole. */
  async checkTicket(ticket: Ticket): Promise<Finding[]> {
    const findings: Finding[] = [];
    const prepared = new Map<Message, PreparedMessage>();
    const prep = (m: Message): PreparedMessage => {
      let p = prepared.get(m);
      if (!p) prepared.set(m, (p = this.prepare(m)));
      return p;
    };
    const matchesByMessage = new Map<Message, RawMatch[]>();
    for (const message of ticket.messages) {
      if (!this.phrase.judgesRole(message.role)) continue;
      const matches = this.phrase.run(prep(message)).filter((m) => !this.allowedVariable(m, message));
      if (matches.length === 0) continue;
      matchesByMessage.set(message, matches);
      for (const m of matches) findings.push(await this.finding(ticket, message, m.rule, m.start, m.end, m.lang));
    }
    for (const { rule, check, options } of this.conversation) {
      const hits: ConversationHit[] = check.run(ticket, {
        rule,
        options,
        prepared: prep,
        matches: (m) => (matchesByMessage.get(m) ?? []).map((x) => ({ ruleId: x.rule.id, category: x.rule.category, start: x.start, end: x.end })),
      });
      for (const hit of hits) {
        const f = await this.finding(ticket, hit.message, rule, hit.start ?? 0, hit.end ?? hit.message.body.length, '*');
        if (hit.detail) f.message = `${f.message} (${hit.detail})`;
        if (hit.severity) f.severity = hit.severity;
        findings.push(f);
      }
    }
    return findings;
  }

  /** Helpdesk variables in a canned-response library are filled in at send time: not left-over placeholders. */
  private allowedVariable(match: RawMatch, message: Message): boolean {
    if (match.rule.options.allowTemplateVariables !== true || !message.meta?.library) return false;
    const excerpt = message.body.slice(match.start, match.end);
    return this.templateVariables.some((v) => (typeof v === 'string' ? v === excerpt : v.test(excerpt)));
  }

  private async finding(ticket: Ticket, message: Message, rule: Rule, start: number, end: number, lang: string): Promise<Finding> {
    const from = message.locator.locate(start);
    const to = message.locator.locate(end);
    let findingLang: string | null = lang === '*' ? null : lang;
    if (this.options.forcedLang) findingLang = this.options.forcedLang;
    else if (!findingLang) {
      message.lang ??= await detectLanguage(message.body);
      findingLang = message.lang ?? null;
    }
    return {
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      file: ticket.file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      ticketId: message.ticketId ?? ticket.id,
      messageId: message.id,
      author: message.author,
      lang: findingLang,
      excerpt: message.body.slice(start, end),
      message: rule.message,
      lesson: rule.lesson,
      source: rule.source,
      suggestion: rule.suggestion,
    };
  }
}
