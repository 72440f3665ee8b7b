/**
 * Reading SIS exports: xlsx (streamed row by row with exceljs, see `isWorkbookOrderRace`) and CSV (UTF-8 with or without BOM,
 * or Big5, detected or overridden). Both yield the same thing: a header row and data rows of strings,
 * with cell-level problems (formulas) reported instead of silently evaluated.
 */
import { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../server/errors.js';
import { decodeBig5 } from './big5.js';

export type CsvEncoding = 'utf-8' | 'big5';

export interface SheetRow {
  /** 1-based row number as the user sees it in the spreadsheet. */
  rowNumber: number;
  cells: string[];
  /** Indexes of cells holding a formula (refused: the value is not what the SIS exported). */
  formulaCells: number[];
}

export interface SheetSource {
  format: 'xlsx' | 'csv';
  encoding?: CsvEncoding;
  /** All sheets in order (xlsx) or the one table (CSV). Rows are produced lazily. */
  sheets(): AsyncIterable<AsyncIterable<SheetRow>>;
}

const isZip = (b: Buffer) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Formats a cell value as the text a person sees; dates become ISO `YYYY-MM-DD`. */
function cellText(value: ExcelJS.CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), formula: false };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: false };
    if ('text' in value) return { text: String(value.text), formula: false };
    if ('error' in value) return { text: String(value.error), formula: false };
    return { text: '', formula: false };
  }
  return { text: String(value), formula: false };
}

/**
 * exceljs' streaming reader races on workbooks whose `xl/workbook.xml` is stored after the sheets (as
 * exceljs itself writes them, and so our own exports): sometimes it parses a sheet before the workbook
 * and fails with "Cannot read properties of undefined (reading 'sheets')" (exceljs#3064). Such a
 * workbook is then read whole instead; school SIS exports (Excel writes workbook.xml first) stream.
 */
const isWorkbookOrderRace = (e: unknown) => e instanceof TypeError && /reading 'sheets'/.test(e.message);

/** The sheets of a workbook read whole (not streamed), row by row as the streaming reader gives them. */
export async function* wholeWorkbookSheets(buffer: Buffer): AsyncGenerator<AsyncIterable<ExcelJS.Row>> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(buffer as never);
  for (const sheet of workbook.worksheets) {
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    yield (async function* () {
      yield* rows;
    })();
  }
}

/** Rows of a worksheet as strings, formulas reported; a reading failure is a damaged spreadsheet. */
async function* rowsOf(sheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<SheetRow> {
  try {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells: string[] = [];
      const formulaCells: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const { text, formula } = cellText(values[i] as ExcelJS.CellValue);
        cells[i] = text.trim();
        if (formula) formulaCells.push(i);
      }
      yield { rowNumber: row.number, cells, formulaCells };
    }
  } catch (e) {
    throw damaged(e);
  }
}

const damaged = (e: unknown) => (e instanceof AppError ? e : new AppError('IMPORT_NOT_SPREADSHEET'));

function xlsxSource(buffer: Buffer): SheetSource {
  return {
    format: 'xlsx',
    async *sheets() {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'ignore',
      });
      let started = false;
      try {
        for await (const sheet of reader) {
          started = true;
          yield rowsOf(sheet);
        }
      } catch (e) {
        if (started || !isWorkbookOrderRace(e)) throw damaged(e);
        try {
          for await (const sheet of wholeWorkbookSheets(buffer)) yield rowsOf(sheet);
        } catch (again) {
          throw damaged(again);
        }
      }
    },
  };
}

/**
 * Decides the CSV encoding: a BOM or valid UTF-8 means UTF-8; otherwise Big5 (checked by chardet).
 * Lines that are valid UTF-8 with non-ASCII text next to lines that are not, mean a mixed file.
 */
export function detectCsvEncoding(buffer: Buffer): CsvEncoding {
  if (buffer.subarray(0, 3).equals(UTF8_BOM)) return 'utf-8';
  const strict = new TextDecoder('utf-8', { fatal: true });
  let utf8Lines = 0;
  let otherLines = 0;
  let start = 0;
  for (let i = 0; i <= buffer.length; i++) {
    if (i === buffer.length || buffer[i] === 0x0a) {
      const line = buffer.subarray(start, i);
      start = i + 1;
      if (!line.some((b) => b >= 0x80)) continue;
      try {
        strict.decode(line);
        utf8Lines++;
      } catch {
        otherLines++;
      }
    }
  }
  if (utf8Lines > 0 && otherLines > 0) throw new AppError('IMPORT_ENCODING_MIXED');
  if (otherLines === 0) return 'utf-8';
  const guess = chardet.detect(buffer)?.toLowerCase() ?? '';
  if (guess && !guess.includes('big5') && !guess.includes('gb') && !guess.includes('euc')) {
    throw new AppError('IMPORT_ENCODING_UNKNOWN');
  }
  return 'big5';
}

function csvSource(buffer: Buffer, override?: CsvEncoding): SheetSource {
  const encoding = override ?? detectCsvEncoding(buffer);
  // Big5's user-defined areas (造字) are kept apart, never decoded as HKSCS characters (big5.ts).
  let text = encoding === 'utf-8' ? buffer.toString('utf8') : decodeBig5(buffer);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) throw new AppError('IMPORT_ENCODING_INVALID', { encoding });
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch {
    throw new AppError('IMPORT_NOT_SPREADSHEET');
  }
  return {
    format: 'csv',
    encoding,
    async *sheets() {
      yield (async function* () {
        for (let i = 0; i < records.length; i++) {
          const cells = (records[i] ?? []).map((c) => c.trim());
          // A leading = in CSV is what a spreadsheet would evaluate: treat it like a formula cell.
          const formulaCells = cells.flatMap((c, j) => (c.startsWith('=') ? [j] : []));
          yield { rowNumber: i + 1, cells, formulaCells };
        }
      })();
    },
  };
}

/** Opens an uploaded file as a spreadsheet, refusing anything that is neither xlsx nor text CSV. */
export function openSpreadsheet(buffer: Buffer, opts: { encoding?: CsvEncoding } = {}): SheetSource {
  if (buffer.length === 0) throw new AppError('IMPORT_EMPTY');
  if (isZip(buffer)) return xlsxSource(buffer);
  // Text files have no NUL bytes in their first kilobytes; PDFs, images, old .xls and the like do.
  const head = buffer.subarray(0, 8192);
  if (head.includes(0) || head.subarray(0, 5).toString('latin1') === '%PDF-') {
    throw new AppError('IMPORT_NOT_SPREADSHEET');
  }
  return csvSource(buffer, opts.encoding);
}
