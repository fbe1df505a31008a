import { describe, expect, it } from 'vitest';
import { bareString, foldString, foldText, originalSpan } from '../src/prepare/normalize.js';

describe('foldText', () => {
  it('lower-cases, collapses spaces, keeps line breaks as sentence ends', () => {
    expect(foldText('It IS   Company\tPolicy.\r\n\r\nNext').text).toBe('it is company policy.\nnext');
  });

  it('folds full-width forms, typographic quotes and dashes', () => {
    expect(foldString('ＰＯＬＩＣＹ can’t “x” – y')).toBe('policy can\'t "x" - y');
  });

  it('folds Arabic: tatweel, harakat, alef and yeh variants, teh marbuta, Arabic-Indic digits', () => {
    expect(foldString('سـياسـة')).toBe(foldString('سياسة'));
    expect(foldString('سِيَاسَةُ')).toBe(foldString('سياسة'));
    expect(foldString('إلى أن آخر')).toBe('الي ان اخر');
    expect(foldString('٤٢٤٢')).toBe('4242');
  });

  it('folds traditional Chinese to simplified, character for character', () => {
    expect(foldString('這是公司政策，我們無法退款')).toBe(foldString('这是公司政策，我们无法退款'));
  });

  it('folds German ß to ss and Turkish dotted I', () => {
    expect(foldString('STRAßE')).toBe('strasse');
    expect(foldString('İstanbul')).toBe('istanbul');
  });

  it('handles decomposed Vietnamese like composed', () => {
    expect(foldString('không'.normalize('NFD'))).toBe(foldString('không'));
  });

  it('maps every folded character back to the original span', () => {
    const body = 'Xin  lỗi, ĐÂY là chính sách';
    const f = foldText(body);
    const i = f.text.indexOf('chính sách');
    const [a, b] = originalSpan(f, i, i + 'chính sách'.length);
    expect(body.slice(a, b)).toBe('chính sách');
    const j = f.text.indexOf('đây');
    const [c, d] = originalSpan(f, j, j + 3);
    expect(body.slice(c, d)).toBe('ĐÂY');
  });

  it('maps spans across expanded characters (ß → ss) and removed ones (tatweel)', () => {
    const body = 'die Straße ist لـلسياسة';
    const f = foldText(body);
    const i = f.text.indexOf('strasse');
    expect(body.slice(...originalSpan(f, i, i + 7))).toBe('Straße');
    const k = f.text.indexOf('للسياسه');
    expect(body.slice(...originalSpan(f, k, k + 7))).toBe('لـلسياسة');
  });

  it('blanks masked ranges but keeps offsets', () => {
    const body = 'see `{{first_name}}` here';
    const f = foldText(body, [[4, 20]]);
    expect(f.text).toBe('see here');
    const i = f.text.indexOf('here');
    expect(body.slice(...originalSpan(f, i, i + 4))).toBe('here');
  });

  it('knows when a message has Latin diacritics, and gives an unaccented view of the same length', () => {
    const accented = foldText('Đây là chính sách công ty');
    expect(accented.accented).toBe(true);
    expect(accented.bare).toBe('day la chinh sach cong ty');
    expect(accented.bare.length).toBe(accented.text.length);
    expect(foldText('day la chinh sach').accented).toBe(false);
    expect(foldText('这是公司政策').accented).toBe(false);
    expect(bareString('zażółć')).toBe('zazolc');
  });
});
