import { describe, expect, it } from 'vitest';
import { checkTerm, compileTerm, requiredLiterals, rewriteRegex } from '../src/check/terms.js';

describe('rewriteRegex', () => {
  it('makes \\b and \\w Unicode-aware (JS\'s are ASCII-only)', () => {
    const re = new RegExp(rewriteRegex('\\bżeby\\b'), 'u');
    expect(new RegExp(rewriteRegex('\\b(?:we|i)\\b'), 'u').test('but i can')).toBe(true);
    expect(new RegExp(rewriteRegex('\\b(?:we|i)\\b'), 'u').test('ski')).toBe(false);
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

describe('requiredLiterals', () => {
  it('finds literals one of which every match contains', () => {
    expect(requiredLiterals('we (?:can|will) not refund')).toEqual(['not refund']);
    expect(requiredLiterals('colou?r policy')).toEqual(['r policy']);
    expect(requiredLiterals('refunds?')).toEqual(['refund']);
  });

  it('takes the union of alternatives, through groups and lookarounds', () => {
    expect(requiredLiterals('policy|rules')).toEqual(['policy', 'rules']);
    expect(requiredLiterals('(?<!not )(?:manager|supervisor)s? (?:is|are) busy')).toEqual(['manager', 'supervisor']);
    expect(requiredLiterals('(?:zostanie|zostaną) \\p{L}+')).toEqual(['zostanie', 'zostaną']);
    // The most selective factor wins: every match also contains "sprawdzon".
    expect(requiredLiterals('(?:zostanie|zostaną) sprawdzon\\p{L}*')).toEqual(['sprawdzon']);
  });

  it('gives up when a branch has no literal, and on short or absent literals', () => {
    expect(requiredLiterals('policy|\\d+')).toBeNull();
    expect(requiredLiterals('\\d{4}')).toBeNull();
    expect(requiredLiterals('(?:a|b)c')).toBeNull();
    expect(requiredLiterals('(?:ab)?cd')).toEqual(['cd']);
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
    expect('zgodnie z polityką firmy'.match(t.regex.get())?.[0]).toBe('polityką firmy');
    expect(t.required).not.toBeNull();
    expect(t.required!.some((lit) => 'polityką firmy'.includes(lit))).toBe(true);
  });
});
