import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { Checker, effectiveRules } from '../src/check/index.js';
import { parseRuleFile } from '../src/check/load-rules.js';
import { libraryMessage } from '../src/read/library.js';
import type { Message } from '../src/types.js';

const PACK = `
category: test-cat
title: Test
severity: error
lesson: L
source: 000_9d20ac962ac371f8.txt#1-test
suggestion: S
rules:
  - id: phrase
    message: phrase rule
    match:
      en:
        - any: ["company policy"]
          with: [["can't", "cannot"]]
          unless: ["made an exception"]
      vi: ["chính sách công ty"]
      ar: ["سياسة الشركة", "نعتذر*"]
      zh: ["公司政策"]
      pl: ["polityk* firmy", "zwrot*"]
  - id: message-scope
    message: scope rule
    match:
      en:
        - any: ["look into it"]
          unlessMessage: ["tomorrow at"]
  - id: card
    message: card rule
    internalNotes: true
    match:
      '*':
        - any: ['/\\b(?:\\d[ -]?){13,19}\\b/']
          validate: luhn
  - id: declined
    message: declined rule
    channel: public
    match:
      en: ["card was declined"]
  - id: raw
    message: raw rule
    match:
      '*':
        - any: ['/\\bXXX\\b/']
          raw: true
`;

const set = parseRuleFile(PACK, 'pack.yaml');
const checker = new Checker(effectiveRules(set, defaultConfig()), defaultConfig());

function msg(body: string, over: Partial<Message> = {}): Message {
  return { ...libraryMessage(body, 't.txt'), meta: {}, ...over };
}

async function ids(body: string, over: Partial<Message> = {}): Promise<string[]> {
  const findings = await checker.checkTicket({ id: null, file: 't.txt', format: 'test', channel: null, messages: [msg(body, over)] });
  return findings.map((f) => f.ruleId.replace('test-cat/', ''));
}

async function excerpts(body: string): Promise<string[]> {
  const findings = await checker.checkTicket({ id: null, file: 't.txt', format: 'test', channel: null, messages: [msg(body)] });
  return findings.map((f) => f.excerpt);
}

describe('phrase matching', () => {
  it('needs the with-context in the same sentence and widens the excerpt to it', async () => {
    expect(await excerpts("It's company policy, so I can't refund it.")).toEqual(["company policy, so I can't"]);
    expect(await ids('It is company policy. We can refund it, of course. But I cannot promise more.')).toEqual([]);
  });

  it('stays quiet when an unless-term is in the same sentence, not when it is elsewhere', async () => {
    expect(await ids("Company policy says no, but I can't say no: I made an exception.")).toEqual([]);
    expect(await ids("Company policy: I can't do it. Last year I made an exception.")).toEqual(['phrase']);
  });

  it('unlessMessage looks at the whole message', async () => {
    expect(await ids("We'll look into it.")).toEqual(['message-scope']);
    expect(await ids("We'll look into it. I'll call you tomorrow at 10.")).toEqual([]);
  });

  it('respects word boundaries in Latin scripts', async () => {
    expect(await ids('Subcompany policy\'s fine, I cannot say')).toEqual([]);
    expect(await ids('company policyholders cannot')).toEqual([]);
  });

  it('matches Vietnamese with and without diacritics, but not other accented words', async () => {
    expect(await ids('Đây là chính sách công ty ạ.')).toEqual(['phrase']);
    expect(await ids('day la chinh sach cong ty a')).toEqual(['phrase']);
    // Accented text whose bare form collides ("chính sách công tý") must not match the bare phrase.
    expect(await ids('chinh sách công tý')).toEqual([]);
  });

  it('matches Arabic with proclitics, alef variants, tatweel and harakat', async () => {
    expect(await ids('وحسب سياسة الشركة')).toEqual(['phrase']);
    expect(await ids('بسياسة الشركـة')).toEqual(['phrase']);
    expect(await ids('سِيَاسَةُ الشَّرِكَةِ')).toEqual(['phrase']);
    expect(await ids('ونعتذرلكم')).toEqual(['phrase']);
    // A different word that merely ends like the phrase's start is not a clitic.
    expect(await ids('مسياسة الشركة')).toEqual([]);
  });

  it('matches Chinese without word boundaries, traditional folded to simplified', async () => {
    expect(await ids('这是公司政策。')).toEqual(['phrase']);
    expect(await ids('這是公司政策。')).toEqual(['phrase']);
  });

  it('matches Polish stems and inflected wildcard phrases', async () => {
    expect(await ids('Zgodnie z polityką firmy.')).toEqual(['phrase']);
    expect(await ids('Zwrotu nie będzie.')).toEqual(['phrase']);
    expect(await ids('Odzwrot.')).toEqual([]);
  });

  it('validates card numbers with Luhn, ignoring masked and invalid ones', async () => {
    expect(await ids('Card 4111 1111 1111 1111 on file')).toEqual(['card']);
    expect(await ids('Card 4111 1111 1111 1112 on file')).toEqual([]);
    expect(await ids('Card ending in 4242')).toEqual([]);
  });

  it('judges internal notes only with rules that ask for it', async () => {
    expect(await ids('Note: company policy, I cannot. Card 4111111111111111', { public: false })).toEqual(['card']);
  });

  it('applies public-channel rules only in public channels', async () => {
    expect(await ids('Your card was declined.', { channel: 'twitter' })).toEqual(['declined']);
    expect(await ids('Your card was declined.', { channel: 'email' })).toEqual([]);
  });

  it('never judges customer messages', async () => {
    expect(await ids("Is this your company policy? You can't do this!", { role: 'customer' })).toEqual([]);
  });

  it('matches raw rules case-sensitively on the original text, outside code spans', async () => {
    expect(await ids('Dear XXX, thanks')).toEqual(['raw']);
    expect(await ids('Dear xxx, thanks')).toEqual([]);
    expect(await ids('Set `XXX` in the config')).toEqual([]);
  });

  it('ignores URLs and code for phrase rules', async () => {
    expect(await ids("See https://x.com/company-policy and `company policy` I can't")).toEqual([]);
  });

  it('points findings at the exact original span', async () => {
    const body = 'Line one.\nSadly COMPANY   POLICY means I cannot.';
    const [f] = await checker.checkTicket({ id: null, file: 't.txt', format: 'test', channel: null, messages: [msg(body)] });
    expect(f).toMatchObject({ line: 2, column: 7, excerpt: 'COMPANY   POLICY means I cannot' });
  });
});

describe('validators', () => {
  it('check card numbers and IBANs written in Arabic-Indic or full-width digits', async () => {
    const { VALIDATOR_FUNCTIONS } = await import('../src/check/validators.js');
    expect(VALIDATOR_FUNCTIONS.luhn('٤١١١ ١١١١ ١١١١ ١١١١')).toBe(true);
    expect(VALIDATOR_FUNCTIONS.luhn('４１１１１１１１１１１１１１１１')).toBe(true);
    expect(VALIDATOR_FUNCTIONS.luhn('٤١١١ ١١١١ ١١١١ ١١١٢')).toBe(false);
    expect(VALIDATOR_FUNCTIONS.iban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(VALIDATOR_FUNCTIONS.iban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
