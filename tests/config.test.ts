import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findConfig, parseConfig } from '../src/config/load.js';
import { effectiveRules } from '../src/check/index.js';
import { parseRuleFile } from '../src/check/load-rules.js';
import { TicketlintError } from '../src/errors.js';
import { tempDir } from './helpers.js';

describe('config', () => {
  it('reads rules, rulePaths, columns, lang, channels, template variables and transcript prefixes', () => {
    const c = parseConfig(
      `rules:\n  policy-shield: warning\n  rude-language/x: off\n  denial: { severity: info, options: { a: 1 } }\nrulePaths: [./more]\ncolumns: { body: Reply }\nlang: pl\npublicChannels: [Twitter]\ntemplateVariables: ["{{ticket.id}}"]\ntranscript: { agent: ["Support:"] }\n`,
      '/x/.ticketlintrc.yaml',
    );
    expect(c.rules).toEqual({ 'policy-shield': 'warning', 'rude-language/x': 'off', denial: { severity: 'info', options: { a: 1 } } });
    expect(c.rulePaths).toEqual(['/x/more']);
    expect(c.columns).toEqual({ body: 'Reply' });
    expect(c.lang).toBe('pl');
    expect(c.publicChannels).toEqual(['twitter']);
    expect(c.templateVariables).toEqual(['{{ticket.id}}']);
    expect(c.transcript).toEqual({ agent: ['Support:'] });
  });

  it('names the line of an unknown key or bad value', () => {
    const bad = (text: string): TicketlintError => {
      try {
        parseConfig(text, 'c.yaml');
      } catch (e) {
        return e as TicketlintError;
      }
      throw new Error('no error');
    };
    expect(bad('lang: en\nrulez: {}\n').toLine()).toMatch(/^c\.yaml:2:1: unknown key "rulez"/);
    expect(bad('rules:\n  policy-shield: loud\n').toLine()).toMatch(/^c\.yaml:2:\d+: bad setting "loud"/);
    expect(bad('lang: klingon\n').message).toMatch(/bad lang/);
  });

  it('is found upwards from the working directory', async () => {
    const dir = tempDir({ '.ticketlintrc.yaml': 'lang: en\n' });
    const deep = join(dir, 'a/b');
    mkdirSync(deep, { recursive: true });
    expect(await findConfig(deep)).toBe(join(dir, '.ticketlintrc.yaml'));
  });

  it('turns rules off and changes severities, by rule id over category', () => {
    const set = parseRuleFile(
      `category: demo\ntitle: T\nseverity: error\nlesson: L\nsource: S\nsuggestion: G\nrules:\n  - id: a\n    message: M\n    match: { en: ["a"] }\n  - id: b\n    message: M\n    match: { en: ["b"] }\n`,
      'demo.yaml',
    );
    const config = parseConfig('rules:\n  demo: warning\n  demo/b: off\n', 'c.yaml');
    expect(effectiveRules(set, config).map((r) => [r.id, r.severity])).toEqual([['demo/a', 'warning']]);
  });

  it('refuses settings for rules that do not exist', () => {
    const set = parseRuleFile(`category: demo\ntitle: T\nlesson: L\nsource: S\nsuggestion: G\nrules:\n  - id: a\n    message: M\n    match: { en: ["a"] }\n`, 'demo.yaml');
    expect(() => effectiveRules(set, parseConfig('rules:\n  polcy-shield: off\n', 'c.yaml'))).toThrow(/unknown rule or category "polcy-shield"/);
  });
});
void writeFileSync;
