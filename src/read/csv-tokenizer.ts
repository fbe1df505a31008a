/**
 * A streaming RFC 4180 tokenizer that knows where every field starts.
 *
 * Why not csv-parse: measured here, its `info.lines` counts a CRLF inside a quoted field as two
 * lines and its `raw` drops delimiter characters, so the line and column of a match inside a
 * multi-line field cannot be recovered from it. A linter lives or dies by `file:line:col`.
 *
 * Tolerant like a spreadsheet: a stray quote inside an unquoted field is kept as text, text after a
 * closing quote is appended, and an unclosed quote is reported and the rest re-read as unquoted,
 * so nothing after the defect is lost. Each tolerance is reported through `onProblem`.
 */

export interface CsvField {
  value: string;
  /** Position of the first character of the value (after the opening quote when quoted). */
  line: number;
  column: number;
  quoted: boolean;
}

export interface CsvRecord {
  fields: CsvField[];
  /** Line where the record starts. */
  line: number;
}

export interface CsvProblem {
  line: number;
  column: number;
  message: string;
  /** 'error': the file is not valid CSV (exit 2); 'warning': tolerated, as spreadsheets do (`5" screen`). */
  level: 'error' | 'warning';
}

/**
 * The longest field kept, in UTF-16 units (16 Mi: 32 MB of string). Message text beyond it is
 * reported and not checked: a ticket body that long is an attachment or a log pasted in, and one
 * 200 MB field would otherwise need gigabytes through folding and matching. Measured with the
 * cap on a 21 MB body of 17 M characters: 5 s of CPU and 545 MB peak for the whole run.
 */
export const MAX_FIELD_CHARS = 16 * 1024 * 1024;

/** How much text after an opening quote is kept to re-read if the quote never closes (bounded memory). */
const MAX_RAW_KEPT = 2 * MAX_FIELD_CHARS;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

export class CsvTokenizer {
  private state = State.FieldStart;
  private line = 1;
  private column = 1;
  private lastWasCR = false;
  private value = '';
  /** Characters the current field has, including any beyond MAX_FIELD_CHARS that were not kept. */
  private valueLength = 0;
  private fieldLine = 1;
  private fieldColumn = 1;
  private fieldQuoted = false;
  private fields: CsvField[] = [];
  private recordLine = 1;
  /** Raw text since the current quoted field opened, to re-read it if the quote never closes. */
  private rawSinceQuote: string[] = [];
  private rawLength = 0;
  private quoteLine = 0;
  private quoteColumn = 0;

  constructor(
    private readonly onRecord: (record: CsvRecord) => void,
    private readonly onProblem: (problem: CsvProblem) => void,
    private readonly delimiter = ',',
  ) {}

  push(chunk: string): void {
    if ((this.state === State.Quoted || this.state === State.QuoteInQuoted) && this.rawLength <= MAX_RAW_KEPT) {
      this.rawSinceQuote.push(chunk);
      this.rawLength += chunk.length;
    }
    this.scan(chunk, 0);
  }

  end(): void {
    if (this.state === State.Quoted) {
      this.recoverUnclosedQuote();
      this.end();
      return;
    }
    if (this.state !== State.FieldStart || this.fields.length > 0) this.endRecord();
  }

  private scan(chunk: string, from: number): void {
    const delim = this.delimiter.charCodeAt(0);
    for (let i = from; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 && this.lastWasCR) {
        // Second half of a CRLF: the break was already counted at the \r.
        this.lastWasCR = false;
        if (this.state === State.Quoted) this.append('\n');
        continue;
      }
      this.lastWasCR = c === 13;
      switch (this.state) {
        case State.FieldStart:
          if (c === 34) {
            this.startField(this.line, this.column + 1, true);
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.quoteColumn = this.column;
            this.rawSinceQuote = [chunk.slice(i + 1)];
            this.rawLength = chunk.length - i - 1;
          } else if (c === delim) {
            this.startField(this.line, this.column, false);
            this.endField();
          } else if (c === 10 || c === 13) {
            if (this.fields.length > 0) {
              this.startField(this.line, this.column, false);
              this.endField();
              this.endRecord();
            } // else: an empty line between records, skipped
            this.newLine();
            continue;
          } else {
            this.startField(this.line, this.column, false);
            this.state = State.Unquoted;
            i = this.copyRun(chunk, i, delim);
            continue;
          }
          break;
        case State.Unquoted:
          if (c === delim) {
            this.endField();
          } else if (c === 10 || c === 13) {
            this.endField();
            this.endRecord();
            this.newLine();
            continue;
          } else if (c === 34) {
            this.onProblem({ line: this.line, column: this.column, message: 'stray quote inside an unquoted field (kept as text)', level: 'warning' });
            this.append('"');
          } else {
            i = this.copyRun(chunk, i, delim);
            continue;
          }
          break;
        case State.Quoted:
          if (c === 34) {
            this.state = State.QuoteInQuoted;
          } else if (c === 10 || c === 13) {
            this.append(chunk[i]!);
            this.newLine();
            continue;
          } else {
            const stop = this.quotedRunEnd(chunk, i);
            this.append(chunk.slice(i, stop));
            this.column += stop - i;
            i = stop - 1;
            continue;
          }
          break;
        case State.QuoteInQuoted:
          if (c === 34) {
            this.append('"');
            this.state = State.Quoted;
          } else if (c === delim) {
            this.rawSinceQuote = [];
            this.endField();
          } else if (c === 10 || c === 13) {
            this.rawSinceQuote = [];
            this.endField();
            this.endRecord();
            this.newLine();
            continue;
          } else {
            this.rawSinceQuote = [];
            this.onProblem({ line: this.line, column: this.column, message: 'text after a closing quote (kept as part of the field)', level: 'error' });
            this.append('"' + chunk[i]);
            this.state = State.Unquoted;
          }
          break;
      }
      this.column++;
    }
  }

  /**
   * Copies an unquoted run up to the next delimiter, line break or quote at once (one character at
   * a time makes a rope of millions of pieces); returns the index of its last character.
   */
  private copyRun(chunk: string, from: number, delim: number): number {
    const stop = this.runEnd(chunk, from, delim);
    this.append(chunk.slice(from, stop));
    this.column += stop - from;
    return stop - 1;
  }

  private runEnd(chunk: string, from: number, delim: number): number {
    let i = from;
    while (i < chunk.length) {
      const c = chunk.charCodeAt(i);
      if (c === delim || c === 10 || c === 13 || c === 34) break;
      i++;
    }
    return i;
  }

  private quotedRunEnd(chunk: string, from: number): number {
    let i = from;
    while (i < chunk.length) {
      const c = chunk.charCodeAt(i);
      if (c === 34 || c === 10 || c === 13) break;
      i++;
    }
    return i;
  }

  /**
   * Adds text to the current field, up to MAX_FIELD_CHARS: the rest is still scanned (its line
   * breaks and quotes count) and its length reported, but not kept.
   */
  private append(text: string): void {
    const room = MAX_FIELD_CHARS - this.valueLength;
    if (room >= text.length) this.value += text;
    else if (room > 0) this.value += text.slice(0, room);
    this.valueLength += text.length;
  }

  private newLine(): void {
    this.line++;
    this.column = 1;
  }

  private startField(line: number, column: number, quoted: boolean): void {
    if (this.fields.length === 0) this.recordLine = line - (quoted ? 0 : 0);
    this.value = '';
    this.valueLength = 0;
    this.fieldLine = line;
    this.fieldColumn = column;
    this.fieldQuoted = quoted;
  }

  private endField(): void {
    if (this.valueLength > MAX_FIELD_CHARS) {
      this.onProblem({
        line: this.fieldLine,
        column: this.fieldColumn,
        message: `field of ${this.valueLength.toLocaleString('en-US')} characters: only the first ${MAX_FIELD_CHARS.toLocaleString('en-US')} are checked`,
        level: 'warning',
      });
    }
    this.fields.push({ value: detach(this.value), line: this.fieldLine, column: this.fieldColumn, quoted: this.fieldQuoted });
    this.value = '';
    this.valueLength = 0;
    this.state = State.FieldStart;
  }

  private endRecord(): void {
    if (this.state !== State.FieldStart) this.endField();
    const fields = this.fields;
    this.fields = [];
    this.state = State.FieldStart;
    this.onRecord({ fields, line: fields[0]?.line ?? this.recordLine });
  }

  /** The file ended inside quotes: report where the quote opened and re-read what followed it as plain text. */
  private recoverUnclosedQuote(): void {
    const capped = this.rawLength > MAX_RAW_KEPT;
    const reread = capped
      ? `the next ${MAX_RAW_KEPT.toLocaleString('en-US')} characters were read as unquoted text, the rest of the file was not checked`
      : 'the rest of the file was read as unquoted text';
    this.onProblem({ line: this.quoteLine, column: this.quoteColumn, message: `quoted field is never closed (${reread})`, level: 'error' });
    const rest = capped ? this.rawSinceQuote.join('').slice(0, MAX_RAW_KEPT) : this.rawSinceQuote.join('');
    this.rawSinceQuote = [];
    this.line = this.quoteLine;
    this.column = this.quoteColumn + 1;
    this.lastWasCR = false;
    this.state = State.Unquoted;
    this.value = '"';
    this.valueLength = 1;
    this.fieldQuoted = false;
    this.fieldLine = this.quoteLine;
    this.fieldColumn = this.quoteColumn;
    this.scanUnquotedRecovery(rest);
  }

  private scanUnquotedRecovery(rest: string): void {
    // Quotes in the re-read text are literal from here on; only delimiters and newlines matter.
    const delim = this.delimiter.charCodeAt(0);
    for (let i = 0; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c === 10 && this.lastWasCR) {
        this.lastWasCR = false;
        continue;
      }
      this.lastWasCR = c === 13;
      if (this.state === State.FieldStart) this.startField(this.line, this.column, false), (this.state = State.Unquoted);
      if (c === delim) this.endField();
      else if (c === 10 || c === 13) {
        this.endField();
        this.endRecord();
        this.newLine();
        continue;
      } else {
        let stop = i + 1;
        while (stop < rest.length) {
          const d = rest.charCodeAt(stop);
          if (d === delim || d === 10 || d === 13) break;
          stop++;
        }
        this.append(rest.slice(i, stop));
        this.column += stop - i;
        i = stop - 1;
        continue;
      }
      this.column++;
    }
  }
}

/**
 * A copy of a field value that does not keep its decoded chunk alive. V8 substrings point into
 * their parent string, so one retained 20-character ticket id or excerpt kept a whole 1 MiB chunk
 * in memory (measured: 1.1 GB peak on a 188 MB export, most of it dead chunks). Concatenating then
 * slicing forces a flat copy; values under 13 characters are copied by V8 anyway.
 */
function detach(value: string): string {
  return value.length < 13 ? value : (value + ' ').slice(0, -1);
}
