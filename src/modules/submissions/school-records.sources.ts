/**
 * Row sources of 名冊別 3 (缺勤紀錄) and 6 (重修重讀成績: the 重修成績 and 重讀成績 sheets). masterdata's row
 * readers (`rosters.repo.ts`) give each row keyed by the template's header names, dates as ROC 7-digit;
 * here every row is put onto the roster format's column keys, dates back to ISO (the workbook writer
 * turns every date column into ROC itself), so the pre-check and the writer treat them like any other.
 */
import { parseRocDate, toIsoDate } from '../../domain/calendar.js';
import type { CellValue } from '../../domain/precheck.js';
import { type RosterSheet, rosterFormat } from '../../domain/roster-formats.js';
import {
  absenceRosterRows,
  type RosterRow as HeaderRow,
  retakeRosterRows,
} from '../masterdata/rosters.repo.js';
import { once, registerRowSource, rowSource, type SourcedRow } from './row-sources.js';

/** The sheet of `roster` filled by the source `name` (with `mode`, for the two sheets of 6). */
function sheetOf(roster: number, name: string, mode?: string): RosterSheet {
  const sheet = rosterFormat(roster)?.sheets.find(
    (s) => s.source?.name === name && (mode === undefined || s.source.params?.mode === mode),
  );
  if (!sheet) throw new Error(`roster ${roster} has no sheet filled by ${name}`);
  return sheet;
}

/** One header-keyed row onto the sheet's column keys. */
export function toSourced(sheet: RosterSheet, row: HeaderRow): SourcedRow {
  const values: Record<string, CellValue> = {};
  for (const column of sheet.columns) {
    const v = row[column.header] ?? null;
    if (column.kind === 'date' && typeof v === 'string') {
      const d = parseRocDate(v);
      values[column.key] = d ? toIsoDate(d) : v;
    } else values[column.key] = v;
  }
  const studentId = row._studentId;
  return { studentId: typeof studentId === 'string' ? studentId : undefined, values };
}

function register() {
  registerRowSource('absences', async (ctx) => {
    const sheet = sheetOf(3, 'absences');
    const rows = await absenceRosterRows(ctx.db, ctx.schoolId, ctx.academicYear, ctx.semester);
    return rows.map((r) => toSourced(sheet, r));
  });
  registerRowSource('retakeGrades', async (ctx) => {
    const mode = ctx.params.mode === 'reread' ? 'reread' : 'retake';
    const sheet = sheetOf(6, 'retakeGrades', mode);
    const both = await once(ctx, 'retakeGrades', () =>
      retakeRosterRows(ctx.db, ctx.schoolId, ctx.academicYear, ctx.semester),
    );
    return both[mode].map((r) => toSourced(sheet, r));
  });
}

if (!rowSource('absences')) register();
