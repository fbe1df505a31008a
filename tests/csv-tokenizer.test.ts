import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvProblem, type CsvRecord } from '../src/read/csv-tokenizer.js';

function tokenize(text: string, chunkSize = text.length): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const t = new CsvTokenizer((r) => records.push(r), (p) => problems.push(p));
  for (let i = 0; i < text.length; i += chunkSize) t.push(text.slice(i, i + chunkSize));
  t.end();
  return { records, problems };
}

const values = (r: CsvRecord[]): string[][] => r.map((x) => x.fields.map((f) => f.value));

describe('CsvTokenizer', () => {
  it('reads plain, quoted, empty and escaped fields', () => {
    const { records, problems } = tokenize('a,b,c\n1,"x, y","say ""hi"""\n,,\n');
    expect(values(records)).toEqual([['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['', '', '']]);
    expect(problems).toEqual([]);
  });

  it('keeps line breaks inside quoted fields and counts their lines', () => {
    const { records } = tokenize('h\r\n"one\r\ntwo"\r\nnext\r\n');
    expect(values(records)).toEqual([['h'], ['one\r\ntwo'], ['next']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('gives the line and column of each field start, after the opening quote', () => {
    const { records } = tokenize('id,body\nT1,"hello"\nT2,plain');
    expect(records[1]!.fields[1]).toMatchObject({ line: 2, column: 5, quoted: true });
    expect(records[2]!.fields[1]).toMatchObject({ line: 3, column: 4, quoted: false });
  });

  it('handles LF, CRLF and lone CR line endings, and a missing final newline', () => {
    expect(values(tokenize('a\nb\r\nc\rd').records)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(tokenize('a\nb\r\nc\rd').records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('gives the same result whatever the chunking (CRLF split across chunks)', () => {
    const text = 'id,body\r\n1,"a ""b""\r\nc"\r\n2,d\r\n';
    const whole = tokenize(text);
    for (const size of [1, 2, 3, 7]) {
      const chunked = tokenize(text, size);
      expect(values(chunked.records)).toEqual(values(whole.records));
      expect(chunked.records.map((r) => r.fields.map((f) => [f.line, f.column]))).toEqual(whole.records.map((r) => r.fields.map((f) => [f.line, f.column])));
    }
  });

  it('skips empty lines between records', () => {
    expect(values(tokenize('a\n\n\nb\n').records)).toEqual([['a'], ['b']]);
  });

  it('keeps a stray quote in an unquoted field and reports it', () => {
    const { records, problems } = tokenize('a,b\n1,say "hi"\n');
    expect(values(records)[1]).toEqual(['1', 'say "hi"']);
    expect(problems[0]).toMatchObject({ line: 2 });
  });

  it('recovers from an unclosed quote: reports where it opened and re-reads the rest', () => {
    const { records, problems } = tokenize('id,body\n1,"never closed\n2,fine\n3,also fine\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 3 });
    expect(values(records)).toEqual([['id', 'body'], ['1', '"never closed'], ['2', 'fine'], ['3', 'also fine']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('keeps text after a closing quote as part of the field and reports it', () => {
    const { records, problems } = tokenize('a\n"hi"x\n');
    expect(values(records)[1]).toEqual(['hi"x']);
    expect(problems).toHaveLength(1);
  });
});
