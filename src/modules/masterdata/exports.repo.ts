/**
 * SQL of the exports: every row keyed by the import field keys, so an export re-imports unchanged.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

type Row = Record<string, unknown>;

const q = async (db: DbOrTx, query: ReturnType<typeof sql>) => (await db.execute(query)).rows as Row[];

/** Queries per export kind; column aliases are the import field keys (see imports/kinds). */
export const EXPORT_QUERIES: Record<string, (db: DbOrTx, schoolId: string) => Promise<Row[]>> = {
  students: (db, s) =>
    q(
      db,
      sql`select st.student_no as "studentNo", st.national_id as "nationalId", st.name, st.birth_date::text as "birthDate",
        case st.gender when 'M' then '男' when 'F' then '女' else '其他' end as gender, st.entry_year as "entryYear",
        c.academic_year as "academicYear", c.name as "className", st.seat_no as "seatNo", st.status,
        st.status_since::text as "statusSince"
      from students st left join classes c on c.id = st.class_id
      where st.school_id = ${s} order by c.name nulls last, st.seat_no, st.student_no`,
    ),
  staff: (db, s) =>
    q(
      db,
      sql`select staff_no as "staffNo", name, department, title, email from staff where school_id = ${s} order by staff_no`,
    ),
  classes: (db, s) =>
    q(
      db,
      sql`select c.academic_year as "academicYear", c.grade, c.department, c.name, st.staff_no as homeroom
      from classes c left join staff st on st.id = c.homeroom_staff_id
      where c.school_id = ${s} order by c.academic_year, c.grade, c.name`,
    ),
  courses: (db, s) =>
    q(
      db,
      sql`select t.academic_year as "academicYear", t.semester, co.code as "courseCode", co.name, co.credits, co.grade,
        (select string_agg(st.staff_no, '、' order by st.staff_no) from course_teachers ct join staff st on st.id = ct.staff_id
          where ct.course_id = co.id) as teachers
      from courses co join terms t on t.id = co.term_id
      where co.school_id = ${s} order by t.academic_year, t.semester, co.code`,
    ),
  enrollments: (db, s) =>
    q(
      db,
      sql`select t.academic_year as "academicYear", t.semester, st.student_no as "studentNo", co.code as "courseCode"
      from enrollments e join courses co on co.id = e.course_id join terms t on t.id = co.term_id
        join students st on st.id = e.student_id
      where e.school_id = ${s} order by t.academic_year, t.semester, co.code, st.student_no`,
    ),
  grades: (db, s) =>
    q(
      db,
      sql`select t.academic_year as "academicYear", t.semester, st.student_no as "studentNo", co.code as "courseCode",
        g.raw_score::text as "rawScore", case when g.passed then '是' when not g.passed then '否' end as passed,
        g.makeup_score::text as "makeupScore",
        case when g.makeup_passed then '是' when not g.makeup_passed then '否' end as "makeupPassed",
        case when g.credit_counted then '是' else '否' end as "creditCounted", g.qualitative
      from grades g join courses co on co.id = g.course_id join terms t on t.id = co.term_id
        join students st on st.id = g.student_id
      where g.school_id = ${s} order by t.academic_year, t.semester, co.code, st.student_no`,
    ),
  cadre: (db, s) =>
    q(
      db,
      sql`select cr.academic_year as "academicYear", cr.semester, st.student_no as "studentNo", cr.unit,
        cr.starts_on::text as "startsOn", cr.ends_on::text as "endsOn", cr.position, cr.level
      from cadre_records cr join students st on st.id = cr.student_id
      where cr.school_id = ${s} order by cr.academic_year, cr.semester, st.student_no`,
    ),
  absences: (db, s) =>
    q(
      db,
      sql`select a.academic_year as "academicYear", a.semester, st.student_no as "studentNo", a.kind_code as "kindCode",
        a.starts_on::text as "startsOn", a.ends_on::text as "endsOn", a.periods
      from absence_records a join students st on st.id = a.student_id
      where a.school_id = ${s} order by a.academic_year, a.semester, st.student_no, a.starts_on`,
    ),
  retakes: (db, s) => retakeExport(db, s, 'retake'),
  rereads: (db, s) => retakeExport(db, s, 'reread'),
  guardians: (db, s) =>
    q(
      db,
      sql`select st.student_no as "studentNo", g.name, g.relation
      from guardians g join students st on st.id = g.student_id
      where g.school_id = ${s} order by st.student_no, g.name`,
    ),
};

const yn = (column: string) => sql.raw(`case when ${column} then '是' when not ${column} then '否' end`);

/** 重修成績 / 重讀成績 in their import layouts (the keys are those of kinds/rosters.ts). */
const retakeExport = (db: DbOrTx, s: string, mode: 'retake' | 'reread') =>
  q(
    db,
    sql`select g.academic_year as "academicYear", g.semester, st.student_no as "studentNo",
      g.course_year as "courseYear", g.course_semester as "courseSemester", g.course_code as "courseCode",
      g.course_grade as "courseGrade", g.credits, g.method, g.score::text as score, ${yn('g.passed')} as passed,
      g.makeup_score::text as "makeupScore", ${yn('g.makeup_passed')} as "makeupPassed",
      ${yn('g.credit_counted')} as "creditCounted", g.qualitative
    from retake_grades g join students st on st.id = g.student_id
    where g.school_id = ${s} and g.mode = ${mode}
    order by g.academic_year, g.semester, st.student_no, g.course_year, g.course_semester, g.course_code`,
  );
