/**
 * Writes a roster workbook exactly as its format says (exceljs' streaming writer, inline strings):
 * the 封面 (學校代碼, 學年度, 學期, 名冊別), then every sheet with its header cells in order and one
 * row per record. Every cell is text, as the templates' columns are: dates as 7-digit ROC dates,
 * 身分證號 upper-case, files as their path in the package. Typed string cells are never evaluated as
 * formulas, so values are written as they are (the repository receives exactly what was entered).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseIsoDate, toRocDate } from '../../domain/calendar.js';
import { type CellValue, isFileRef, type RosterRow } from '../../domain/precheck.js';
import {
  COVER_HEADERS,
  COVER_SHEET,
  type RosterColumn,
  type RosterFormat,
} from '../../domain/roster-formats.js';

export interface Cover {
  schoolCode: string;
  academicYear: number;
  /** 0 for yearly rosters. */
  semester: number;
}

/** The path in the package of a file a row references (what the cell holds). */
export function packagedFileName(
  sheetIndex: number,
  rowIndex: number,
  row: RosterRow,
  column: RosterColumn,
  ext: string,
): string {
  const stem = row.item ? `${row.item.kind}-${row.item.id}` : `s${sheetIndex + 1}-r${rowIndex + 2}`;
  return `files/${stem}-${column.key.replace(/[^A-Za-z0-9]/g, '')}.${ext}`;
}

/** The text of one cell as the roster wants it; null for an empty cell. */
export function cellText(column: RosterColumn, value: CellValue, filePath?: string): string | null {
  if (value === null || value === undefined) return null;
  if (isFileRef(value)) return filePath ?? null;
  const text = String(value);
  if (text.trim() === '') return null;
  switch (column.kind) {
    case 'nationalId':
      return text.trim().toUpperCase();
    case 'courseCode':
      return text.trim().toUpperCase();
    case 'date': {
      const d = parseIsoDate(text);
      if (!d) return text;
      try {
        return toRocDate(d);
      } catch {
        return text;
      }
    }
    default:
      return text;
  }
}

export interface SheetRows {
  rows: RosterRow[];
}

/** A file of the package: where the workbook says it is, and which blob it is. */
export interface PackagedFile {
  path: string;
  sha256: string;
  size: number;
  /** A certified outcome's document: its certification credential travels beside it (`<path>.vc.jwt`). */
  certifiedOutcomeId?: string;
}

/**
 * Writes the workbook into a buffer (a roster of 18,000 rows is a few MB) and lists the files its cells
 * reference, in order, each once.
 */
export async function writeRosterWorkbook(
  format: RosterFormat,
  cover: Cover,
  sheets: SheetRows[],
): Promise<{ buffer: Buffer; rowCounts: Record<string, number>; files: PackagedFile[] }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useSharedStrings: false,
    useStyles: false,
  });
  wb.creator = 'Licheng';
  const coverSheet = wb.addWorksheet(COVER_SHEET);
  coverSheet.addRow([...COVER_HEADERS]).commit();
  coverSheet
    .addRow([cover.schoolCode, String(cover.academicYear), String(cover.semester), String(format.roster)])
    .commit();
  coverSheet.commit();
  const rowCounts: Record<string, number> = {};
  const files: PackagedFile[] = [];
  const seen = new Set<string>();
  format.sheets.forEach((sheet, si) => {
    const ws = wb.addWorksheet(sheet.name);
    ws.addRow(sheet.columns.map((c) => c.header)).commit();
    const rows = sheets[si]?.rows ?? [];
    rows.forEach((row, ri) => {
      const cells = sheet.columns.map((column) => {
        const value = row.values[column.key];
        if (isFileRef(value) && value.file.state !== 'missing') {
          const path = packagedFileName(si, ri, row, column, value.file.ext);
          if (!seen.has(path)) {
            seen.add(path);
            const certified = row.item?.kind === 'outcome' && row.item.certified && column.key === 'document';
            files.push({
              path,
              sha256: value.file.sha256,
              size: value.file.size,
              ...(certified ? { certifiedOutcomeId: row.item?.id } : {}),
            });
          }
          return cellText(column, value, path);
        }
        return cellText(column, value);
      });
      ws.addRow(cells).commit();
    });
    ws.commit();
    rowCounts[sheet.name] = rows.length;
  });
  await wb.commit();
  await done;
  return { buffer: Buffer.concat(chunks), rowCounts, files };
}
