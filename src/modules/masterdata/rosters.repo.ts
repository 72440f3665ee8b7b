/**
 * Row readers for the submission package (名冊): the rows of 名冊別 3 (缺勤紀錄) and 名冊別 6 (重修重讀成績)
 * of one school and term, keyed by the template's header names, values in the roster's formats
 * (ROC 7-digit dates, upper-case 身分證號, pass / credit flags as 是/否 like the 成績名冊 import takes them,
 * scores as numbers). The sheet names are those of the reference templates
 * (`reference/central-db-templates/`, 6_缺勤紀錄名冊.xlsx and 4_學生重修重讀成績名冊.xlsx; 重讀成績 has a
 * trailing space there).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { parseIsoDate, toRocDate } from '../../domain/calendar.js';
import { normaliseNationalId } from '../../domain/national-id.js';

export type RosterRow = Record<string, string | number | null>;

/** ROC 7-digit date (1150901) of an ISO date; null stays null. */
export const rocDate = (iso: string | null): string | null => {
  if (!iso) return null;
  const d = parseIsoDate(iso);
  return d ? toRocDate(d) : null;
};
const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');
const num = (v: string | null) => (v === null ? null : Number(v));

export const ABSENCE_ROSTER = {
  rosterType: 3,
  sheet: '缺勤紀錄',
  headers: ['身分證號', '出生日期', '缺勤種類代碼', '缺勤起始日期', '缺勤結束日期', '缺勤節數'],
} as const;

export const RETAKE_ROSTER = {
  rosterType: 6,
  sheets: {
    retake: {
      sheet: '重修成績',
      headers: [
        '身分證號',
        '出生日期',
        '原修課學年度',
        '原修課學期',
        '原修課科目代碼',
        '原修課開課年級',
        '原修課科目學分',
        '重修方式',
        '重修成績',
        '重修及格',
        '質性描述',
      ],
    },
    reread: {
      sheet: '重讀成績 ',
      headers: [
        '身分證號',
        '出生日期',
        '修課學年度',
        '修課學期',
        '科目代碼',
        '開課年級',
        '科目學分',
        '原始成績',
        '成績及格',
        '補考成績',
        '補考及格',
        '是否採計學分',
        '質性描述',
      ],
    },
  },
} as const;

interface AbsenceSql {
  national_id: string;
  birth_date: string;
  kind_code: string;
  starts_on: string;
  ends_on: string;
  periods: number;
  student_id: string;
}

/**
 * 名冊別 3: one row per absence record of the term, keyed by the 缺勤紀錄 header names, plus
 * `_studentId` (not a roster column: for the pre-check's links; drop keys starting with `_`).
 */
export async function absenceRosterRows(
  tx: DbOrTx,
  schoolId: string,
  year: number,
  semester: number,
): Promise<RosterRow[]> {
  const rows = (
    await tx.execute(sql`select st.national_id, st.birth_date::text as birth_date, a.kind_code,
        a.starts_on::text as starts_on, a.ends_on::text as ends_on, a.periods, st.id as student_id
      from absence_records a join students st on st.id = a.student_id
      where a.school_id = ${schoolId} and a.academic_year = ${year} and a.semester = ${semester}
      order by st.national_id, a.starts_on, a.kind_code`)
  ).rows as unknown as AbsenceSql[];
  return rows.map((r) => ({
    身分證號: normaliseNationalId(r.national_id),
    出生日期: rocDate(r.birth_date),
    缺勤種類代碼: r.kind_code,
    缺勤起始日期: rocDate(r.starts_on),
    缺勤結束日期: rocDate(r.ends_on),
    缺勤節數: r.periods,
    _studentId: r.student_id,
  }));
}

interface RetakeSql {
  national_id: string;
  birth_date: string;
  mode: 'retake' | 'reread';
  course_year: number;
  course_semester: number;
  course_code: string;
  course_grade: number;
  credits: number;
  method: number | null;
  score: string | null;
  passed: boolean | null;
  makeup_score: string | null;
  makeup_passed: boolean | null;
  credit_counted: boolean | null;
  qualitative: string | null;
  student_id: string;
}

/**
 * 名冊別 6: the term's rows of the two sheets, `retake` (重修成績) and `reread` (重讀成績 ), each keyed by
 * its sheet's header names (+ `_studentId`, as above).
 */
export async function retakeRosterRows(
  tx: DbOrTx,
  schoolId: string,
  year: number,
  semester: number,
): Promise<{ retake: RosterRow[]; reread: RosterRow[] }> {
  const rows = (
    await tx.execute(sql`select st.national_id, st.birth_date::text as birth_date, g.mode, g.course_year,
        g.course_semester, g.course_code, g.course_grade, g.credits, g.method, g.score::text as score, g.passed,
        g.makeup_score::text as makeup_score, g.makeup_passed, g.credit_counted, g.qualitative, st.id as student_id
      from retake_grades g join students st on st.id = g.student_id
      where g.school_id = ${schoolId} and g.academic_year = ${year} and g.semester = ${semester}
      order by st.national_id, g.course_year, g.course_semester, g.course_code`)
  ).rows as unknown as RetakeSql[];
  const out: { retake: RosterRow[]; reread: RosterRow[] } = { retake: [], reread: [] };
  for (const r of rows) {
    const who = { 身分證號: normaliseNationalId(r.national_id), 出生日期: rocDate(r.birth_date) };
    if (r.mode === 'retake') {
      out.retake.push({
        ...who,
        原修課學年度: r.course_year,
        原修課學期: r.course_semester,
        原修課科目代碼: r.course_code,
        原修課開課年級: r.course_grade,
        原修課科目學分: r.credits,
        重修方式: r.method,
        重修成績: num(r.score),
        重修及格: yesNo(r.passed),
        質性描述: r.qualitative,
        _studentId: r.student_id,
      });
    } else {
      out.reread.push({
        ...who,
        修課學年度: r.course_year,
        修課學期: r.course_semester,
        科目代碼: r.course_code,
        開課年級: r.course_grade,
        科目學分: r.credits,
        原始成績: num(r.score),
        成績及格: yesNo(r.passed),
        補考成績: num(r.makeup_score),
        補考及格: yesNo(r.makeup_passed),
        是否採計學分: yesNo(r.credit_counted),
        質性描述: r.qualitative,
        _studentId: r.student_id,
      });
    }
  }
  return out;
}
