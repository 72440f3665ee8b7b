/**
 * The import engine: reads the spreadsheet row by row, maps headers, parses and checks each row,
 * and writes valid rows in chunks — all inside one transaction. A dry run, or any problem, rolls the
 * transaction back, so a commit is all-or-nothing and a preview shows exactly what a commit would do.
 */
import type { DbOrTx, Tx } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { privateUseCodes } from './big5.js';
import { type FieldDef, normaliseHeader } from './fields.js';
import type { ImportContext, ImportKind } from './kind.js';
import type { Problem } from './problems.js';
import { type CsvEncoding, openSpreadsheet, type SheetRow } from './readers.js';

export interface ImportReport {
  kind: string;
  mode: 'dry-run' | 'commit';
  committed: boolean;
  format: 'xlsx' | 'csv';
  encoding?: CsvEncoding;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problemCount: number;
  /** The first MAX_PROBLEMS problems. */
  problems: Problem[];
  /** Not blocking: unknown columns that are ignored. */
  warnings: Problem[];
}

const CHUNK = 1000;
const MAX_PROBLEMS = 500;
const MAX_ROWS = 500_000;
const COVER_HEADERS = ['學校代碼', '學年度', '學期', '名冊別'];

class Rollback extends Error {}

interface HeaderMap {
  /** column index → field */
  columns: Map<number, FieldDef>;
  headerByField: Map<string, string>;
  problems: Problem[];
  warnings: Problem[];
}

function mapHeader(kind: ImportKind, header: SheetRow): HeaderMap | null {
  const byName = new Map<string, FieldDef>();
  for (const f of kind.fields) for (const h of f.headers) byName.set(normaliseHeader(h), f);
  const ignored = new Set((kind.ignoredHeaders ?? []).map(normaliseHeader));
  const columns = new Map<number, FieldDef>();
  const headerByField = new Map<string, string>();
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const lastNonEmpty = header.cells.findLastIndex((c) => c !== '');
  for (let i = 0; i <= lastNonEmpty; i++) {
    const raw = header.cells[i] ?? '';
    const name = normaliseHeader(raw);
    const column = columnLetter(i);
    if (name === '') {
      problems.push({ row: header.rowNumber, column, value: '', code: 'HEADER_EMPTY' });
      continue;
    }
    const field = byName.get(name);
    if (!field) {
      if (!ignored.has(name))
        warnings.push({ row: header.rowNumber, column, value: raw, code: 'UNKNOWN_COLUMN' });
      continue;
    }
    if (headerByField.has(field.key)) {
      problems.push({ row: header.rowNumber, column, value: raw, code: 'DUPLICATE_COLUMN' });
      continue;
    }
    columns.set(i, field);
    headerByField.set(field.key, raw);
  }
  if (columns.size === 0) return null;
  if (kind.identifyBy && !kind.identifyBy.every((k) => headerByField.has(k))) return null;
  for (const f of kind.fields) {
    if (f.required && !headerByField.has(f.key)) {
      problems.push({
        row: header.rowNumber,
        column: f.headers[0] as string,
        value: '',
        code: 'MISSING_COLUMN',
      });
    }
  }
  if (kind.anyOf && !kind.anyOf.some((group) => group.every((k) => headerByField.has(k)))) {
    const names = kind.anyOf.map((g) =>
      g.map((k) => kind.fields.find((f) => f.key === k)?.headers[0]).join('+'),
    );
    problems.push({ row: header.rowNumber, column: names.join(' / '), value: '', code: 'MISSING_COLUMN' });
  }
  return { columns, headerByField, problems, warnings };
}

/** A, B, …, Z, AA, … for column indexes. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const isEmptyRow = (r: SheetRow) => r.cells.every((c) => c === '');

export interface RunImportInput {
  kind: ImportKind;
  buffer: Buffer;
  schoolId: string;
  commit: boolean;
  encoding?: CsvEncoding;
  defaultTerm?: { academicYear?: number; semester?: number };
  /** The clock (default: the system clock). */
  now?: Date;
  /** Runs inside the transaction just before a commit; throwing rolls everything back. */
  beforeCommit?: (tx: Tx, report: ImportReport) => Promise<void>;
}

/** Runs an import as a dry run or a commit; see the module comment. */
export async function runImport(db: DbOrTx, input: RunImportInput): Promise<ImportReport> {
  const { kind } = input;
  const source = openSpreadsheet(input.buffer, { encoding: input.encoding });
  const report: ImportReport = {
    kind: kind.kind,
    mode: input.commit ? 'commit' : 'dry-run',
    committed: false,
    format: source.format,
    encoding: source.encoding,
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    problemCount: 0,
    problems: [],
    warnings: [],
  };
  const addProblem = (p: Problem) => {
    report.problemCount++;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(p);
  };
  const ctx: ImportContext = {
    schoolId: input.schoolId,
    defaultTerm: { ...input.defaultTerm },
    now: input.now ?? new Date(),
  };

  const work = async (tx: Tx) => {
    const state = await kind.prepare(tx, ctx);
    let found = false;
    let pending: unknown[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const counts = await kind.apply(tx, pending, state, ctx);
      report.inserted += counts.inserted;
      report.updated += counts.updated;
      report.unchanged += pending.length - counts.inserted - counts.updated;
      pending = [];
    };
    const seen = new Map<string, number>();
    let lookedAt: { row: number; cells: string } | undefined;

    for await (const sheet of source.sheets()) {
      if (found) break;
      let header: HeaderMap | null = null;
      let isCover = false;
      let coverHeader: string[] = [];
      for await (const row of sheet) {
        if (isEmptyRow(row)) continue;
        if (isCover) {
          // The 封面 sheet's second row holds 學校代碼, 學年度, 學期, 名冊別: defaults for the rows.
          const at = (name: string) => row.cells[coverHeader.indexOf(name)];
          const year = Number(at('學年度'));
          const sem = Number(at('學期'));
          if (Number.isInteger(year) && year > 0) ctx.defaultTerm.academicYear ??= year;
          if (sem === 1 || sem === 2) ctx.defaultTerm.semester ??= sem;
          isCover = false;
          continue;
        }
        if (!header && !found) {
          const names = row.cells.map(normaliseHeader);
          if (COVER_HEADERS.every((h) => names.includes(h))) {
            isCover = true;
            coverHeader = names;
            continue;
          }
          header = mapHeader(kind, row);
          if (!header) {
            // Not this kind's table: try the next sheet, and say which row was read as the header.
            lookedAt ??= {
              row: row.rowNumber,
              cells: row.cells
                .filter((c) => c !== '')
                .join(',')
                .slice(0, 60),
            };
            break;
          }
          found = true;
          header.problems.forEach(addProblem);
          report.warnings.push(...header.warnings);
          if (header.problems.length > 0) break;
          continue;
        }
        if (!header) continue;
        if (++report.rows > MAX_ROWS) throw new AppError('IMPORT_TOO_LARGE', { limitMb: 20 });
        const rowProblems: Problem[] = [];
        const columnOf = (key: string) => header?.headerByField.get(key) ?? key;
        for (const i of row.formulaCells) {
          const f = header.columns.get(i);
          if (f)
            rowProblems.push({
              row: row.rowNumber,
              column: columnOf(f.key),
              value: '',
              code: 'FORMULA_CELL',
            });
        }
        const values: Record<string, unknown> = {};
        for (const [i, f] of header.columns) {
          if (row.formulaCells.includes(i)) continue;
          const raw = row.cells[i] ?? '';
          if (raw === '') {
            if (f.required)
              rowProblems.push({ row: row.rowNumber, column: columnOf(f.key), value: '', code: 'REQUIRED' });
            values[f.key] = null;
            continue;
          }
          // 造字: a character only the school's own font can show is reported, never guessed (big5.ts).
          const codes = privateUseCodes(raw);
          if (codes.length > 0) {
            rowProblems.push({
              row: row.rowNumber,
              column: columnOf(f.key),
              value: raw,
              code: 'PRIVATE_USE_CHARACTER',
              params: { codes: codes.join('、') },
            });
            continue;
          }
          const parsed = f.parse(raw);
          if (parsed.ok) values[f.key] = parsed.value;
          else
            rowProblems.push({
              row: row.rowNumber,
              column: columnOf(f.key),
              value: raw,
              code: parsed.code,
              params: parsed.params,
            });
        }
        if (rowProblems.length === 0) {
          const result = kind.validate(values, state, ctx);
          if (Array.isArray(result)) {
            for (const p of result) {
              rowProblems.push({
                row: row.rowNumber,
                column: p.field ? columnOf(p.field) : '',
                value: p.field ? String(values[p.field] ?? '') : '',
                code: p.code,
                params: p.params,
              });
            }
          } else {
            const key = kind.key(result);
            const first = seen.get(key);
            if (first !== undefined) {
              rowProblems.push({
                row: row.rowNumber,
                column: '',
                value: key,
                code: 'DUPLICATE_IN_FILE',
                params: { row: first },
              });
            } else {
              seen.set(key, row.rowNumber);
              pending.push(result);
              if (pending.length >= CHUNK) await flush();
            }
          }
        }
        rowProblems.forEach(addProblem);
      }
    }
    if (!found) {
      const required = kind.fields.filter((f) => f.required).map((f) => f.headers[0]);
      throw new AppError('IMPORT_NO_TABLE', { columns: required.join('、'), ...lookedAt });
    }
    if (report.rows === 0 && report.problemCount === 0) throw new AppError('IMPORT_EMPTY');
    await flush();
    if (!input.commit || report.problemCount > 0) throw new Rollback();
    report.committed = true;
    await input.beforeCommit?.(tx, report);
  };

  try {
    await db.transaction(work);
  } catch (e) {
    if (e instanceof Rollback) return report;
    throw e;
  }
  return report;
}
