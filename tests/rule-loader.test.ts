import { describe, expect, it } from 'vitest';
import { parseRuleFile } from '../src/check/load-rules.js';
import { TicketlintError } from '../src/errors.js';

const HEAD = `category: demo
title: Demo
severity: warning
lesson: L
source: 000_9d20ac962ac371f8.txt#1-demo
suggestion: S
`;

function error(yaml: string): TicketlintError {
  try {
    parseRuleFile(yaml, 'packs/demo.yaml');
  } catch (err) {
    if (err instanceof TicketlintError) return err;
    throw err;
  }
  throw new Error('expected a TicketlintError');
}

describe('rule file validation', () => {
  it('loads a valid file and applies file-level defaults', () => {
    const set = parseRuleFile(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      en: ["x y"]\n`, 'packs/demo.yaml');
    expect(set.rules[0]).toMatchObject({ id: 'demo/one', category: 'demo', severity: 'warning', lesson: 'L', roles: ['agent', 'bot'], internalNotes: false, channel: 'any' });
    expect(set.categories[0]).toMatchObject({ id: 'demo', title: 'Demo' });
  });

  it('names file and line of an unknown key', () => {
    const e = error(`${HEAD}rules:\n  - id: one\n    message: M\n    mtach:\n      en: ["x"]\n`);
    expect(e.toLine()).toMatch(/^packs\/demo\.yaml:10:\d+: unknown key "mtach" in a rule/);
  });

  it('names file and line of a bad severity', () => {
    const e = error(`${HEAD}rules:\n  - id: one\n    message: M\n    severity: fatal\n    match:\n      en: ["x"]\n`);
    expect(e.line).toBe(10);
    expect(e.message).toMatch(/bad severity "fatal"/);
  });

  it('names file and line of an invalid regex', () => {
    const e = error(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      en:\n        - any: ['/polic(y/']\n`);
    expect(e.line).toBe(12);
    expect(e.message).toMatch(/invalid regex/);
  });

  it('rejects control characters in terms (YAML double quotes turn "\\b" into a backspace)', () => {
    const e = error(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      en:\n        - any: ["/\\bpolicy\\b/"]\n`);
    expect(e.line).toBe(12);
    expect(e.message).toMatch(/control character U\+0008.*single quotes/);
  });

  it('rejects unknown languages, validators, roles and channels', () => {
    expect(error(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      xx: ["a"]\n`).message).toMatch(/unknown language "xx"/);
    expect(error(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      en:\n        - any: ["a"]\n          validate: md5\n`).message).toMatch(/unknown validate/);
    expect(error(`${HEAD}roles: [robot]\nrules:\n  - id: one\n    message: M\n    match:\n      en: ["a"]\n`).message).toMatch(/bad role "robot"/);
    expect(error(`${HEAD}channel: sometimes\nrules:\n  - id: one\n    message: M\n    match:\n      en: ["a"]\n`).message).toMatch(/bad channel/);
  });

  it('requires message, matchers, and a lesson/source/suggestion somewhere', () => {
    expect(error(`${HEAD}rules:\n  - id: one\n    match:\n      en: ["a"]\n`).message).toMatch(/message must be/);
    expect(error(`${HEAD}rules:\n  - id: one\n    message: M\n`).message).toMatch(/needs `match`/);
    expect(error(`category: demo\nrules:\n  - id: one\n    message: M\n    match:\n      en: ["a"]\n`).message).toMatch(/has no title/);
  });

  it('rejects duplicate ids, bad ids and duplicate YAML keys', () => {
    expect(error(`${HEAD}rules:\n  - id: one\n    message: M\n    match:\n      en: ["a"]\n  - id: one\n    message: M\n    match:\n      en: ["b"]\n`).message).toMatch(/duplicate rule id/);
    expect(error(`${HEAD}rules:\n  - id: One Rule\n    message: M\n    match:\n      en: ["a"]\n`).message).toMatch(/kebab-case/);
    expect(error(`${HEAD}severity: error\nrules: []\n`).message).toMatch(/invalid YAML|duplicate|Map keys must be unique/i);
  });

  it('reports YAML syntax errors with their line', () => {
    const e = error(`${HEAD}rules:\n  - id: [unclosed\n`);
    expect(e.message).toMatch(/invalid YAML/);
    expect(e.line).toBeGreaterThanOrEqual(8);
  });

  it('cannot run code: YAML tags for functions are not executed', () => {
    const e = error(`${HEAD}rules:\n  - id: one\n    message: !!js/function "function(){ process.exit(7) }"\n    match:\n      en: ["a"]\n`);
    expect(e.message).toMatch(/invalid YAML: .*tag/i);
    expect(e.line).toBe(9);
  });
});
