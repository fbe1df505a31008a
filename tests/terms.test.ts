import { describe, expect, it } from 'vitest';
import { checkTerm, compileTerm, requiredLiteral, rewriteRegex } from '../src/check/terms.js';

describe('rewriteRegex', () => {
  it('makes \\b and \\w Unicode-aware (JS\'s are ASCII-only)', () => {
    const re = new RegExp(rewriteRegex('\\bżeby\\b'), 'u');
    expect(re.test('wszystko, żeby pomóc')).toBe(true);
    expect(re.test('pożeby')).toBe(false);
    expect(new RegExp(`^${rewriteRegex('\\w+')}$`, 'u').test('zażółć')).toBe(true);
  });

  it('folds literal characters like the text, leaving escapes alone', () => {
    expect(rewriteRegex('Polityka\\s+FIRMY')).toBe('polityka\\s+firmy');
    expect(rewriteRegex('\\p{Lu}أ')).toBe('\\p{Lu}ا');
    expect(rewriteRegex('這')).toBe('这');
  });

  it('keeps full-width brackets literal when folding turns them into syntax characters', () => {
    const re = new RegExp(rewriteRegex('[\\[【［][^\\]】］]{1,5}[\\]】］]'), 'u');
    expect(re.test('[客户]')).toBe(true);
    expect(rewriteRegex('［Ａ－Ｚ］')).toBe('\\[a-z\\]');
  });
});

describe('requiredLiteral', () => {
  it('finds the longest literal every match contains', () => {
    expect(requiredLiteral('we (?:can|will) not refund')).toBe('not refund');
    expect(requiredLiteral('colou?r policy')).toBe('r policy');
    expect(requiredLiteral('refunds?')).toBe('refund');
  });

  it('gives up on top-level alternation and short literals', () => {
    expect(requiredLiteral('policy|rules')).toBeNull();
    expect(requiredLiteral('\\d{4}')).toBeNull();
    expect(requiredLiteral('ab')).toBeNull();
  });
});

describe('checkTerm', () => {
  it('accepts phrases and valid regexes', () => {
    expect(checkTerm('company policy')).toBeNull();
    expect(checkTerm('zwrot*')).toBeNull();
    expect(checkTerm('/polic(?:y|ies)/')).toBeNull();
  });

  it('rejects invalid regexes, empty matches and empty phrases with a reason', () => {
    expect(checkTerm('/polic(y/')).toMatch(/invalid regex/);
    expect(checkTerm('/a*/')).toMatch(/empty string/);
    expect(checkTerm('***')).toMatch(/empty phrase|\*\*/);
  });
});

describe('compileTerm', () => {
  it('compiles a phrase to a literal with boundary needs', () => {
    expect(compileTerm('Company Policy')).toMatchObject({ kind: 'phrase', literal: 'company policy', openStart: false, openEnd: false });
    expect(compileTerm('zwrot*')).toMatchObject({ kind: 'phrase', literal: 'zwrot', openEnd: true });
    expect(compileTerm('公司政策')).toMatchObject({ kind: 'phrase', openStart: true, openEnd: true });
    expect(compileTerm('سياسة')).toMatchObject({ kind: 'phrase', arabicStart: true });
  });

  it('gives an unaccented variant for phrases with diacritics', () => {
    expect(compileTerm('chính sách')).toMatchObject({ kind: 'phrase', bare: 'chinh sach' });
    expect(compileTerm('policy')).toMatchObject({ kind: 'phrase', bare: null });
  });

  it('turns an inner wildcard into a regex with a prefilter literal', () => {
    const t = compileTerm('polityk* firmy');
    expect(t.kind).toBe('regex');
    if (t.kind !== 'regex') return;
    expect('zgodnie z polityką firmy'.match(t.regex)?.[0]).toBe('polityką firmy');
    expect(t.required).not.toBeNull();
    expect('polityką firmy'.includes(t.required!)).toBe(true);
  });
});
