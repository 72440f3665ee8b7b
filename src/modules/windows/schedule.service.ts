/**
 * GET /api/v1/schedule (SPEC.md §7): every window of an academic year that concerns the caller, with its
 * state and its close after the extensions that apply to whom the entry is for. Students: their grade's
 * windows (a grade's own window replaces the school's) with their own extensions; parents: the same for
 * each child (an audited read); teachers and substitutes: the certification windows of the terms they
 * teach; homeroom teachers: the student windows of their classes' grades; 教務處 and 學務處: every window of
 * the school (school-wide extensions, and how many students have their own). The calendar and the
 * reminders of a later issue read this.
 */
import type { Db } from '../../db/client.js';
import { DEFAULT_GRACE_MINUTES } from '../../domain/outcomes.js';
import { effectiveClose, scheduleState, WINDOW_KIND_RULES } from '../../domain/windows.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { schoolOf } from '../policy/policy.js';
import * as repo from './windows.repo.js';

type Listed = Awaited<ReturnType<typeof repo.windowsOfSchool>>[number];
type Extension = Awaited<ReturnType<typeof repo.extensionsOf>>[number];

export interface ScheduleEntry {
  windowId: string;
  kind: repo.WindowRow['kind'];
  academicYear: number;
  termId: string | null;
  semester: number | null;
  grade: number | null;
  opensAt: Date;
  closesAt: Date;
  closingCeremony: string | null;
  /** The latest extension that applies to this entry (school-wide, or the student's own). */
  extendedTo: Date | null;
  effectiveClosesAt: Date;
  state: 'upcoming' | 'open' | 'grace' | 'closed';
  /** For whom this entry is: a student (own or child) or null (the school / the caller's teaching). */
  studentId: string | null;
  studentName: string | null;
  /** Why the caller sees it. */
  as: 'student' | 'parent' | 'teacher' | 'homeroom' | 'office';
  /** Offices: how many students have an extension of their own. */
  studentExtensions: number | null;
}

export function createScheduleService(deps: { db: Db; now?: () => Date; graceMinutes?: number }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const grace = deps.graceMinutes ?? DEFAULT_GRACE_MINUTES;

  async function schedule(user: SessionUser, input: { academicYear?: number }, requestId: string) {
    const schoolId = schoolOf(user).id;
    const academicYear = input.academicYear ?? user.currentTerm.academicYear;
    const at = now();
    const rows = await repo.windowsOfSchool(db, schoolId, { academicYear });
    const extensions = await repo.extensionsOf(
      db,
      rows.map((r) => r.window.id),
    );
    const extOf = (windowId: string) => extensions.filter((e) => e.windowId === windowId);
    const entries: ScheduleEntry[] = [];

    const entry = (
      r: Listed,
      as: ScheduleEntry['as'],
      applying: Extension[],
      student: { id: string; name: string } | null,
      studentExtensions: number | null = null,
    ): ScheduleEntry => {
      const w = r.window;
      const extendedTo = applying.length
        ? effectiveClose(
            applying[0]?.closesAt ?? w.closesAt,
            applying.map((e) => e.closesAt),
          )
        : null;
      return {
        windowId: w.id,
        kind: w.kind,
        academicYear: w.academicYear,
        termId: w.termId,
        semester: r.semester,
        grade: w.grade,
        opensAt: w.opensAt,
        closesAt: w.closesAt,
        closingCeremony: w.closingCeremony,
        extendedTo,
        effectiveClosesAt: effectiveClose(w.closesAt, extendedTo ? [extendedTo] : []),
        state: scheduleState(w.kind, w, at, extendedTo, grace),
        studentId: student?.id ?? null,
        studentName: student?.name ?? null,
        as,
        studentExtensions,
      };
    };

    /** The windows of a grade: per kind and scope the grade's own window, else the school's. */
    const forGrade = (grade: number | null) => {
      const chosen = new Map<string, Listed>();
      for (const r of rows) {
        if (!WINDOW_KIND_RULES[r.window.kind].perStudent) continue;
        if (r.window.grade !== null && r.window.grade !== grade) continue;
        const key = `${r.window.kind}:${r.window.termId ?? r.window.academicYear}`;
        const seen = chosen.get(key);
        if (!seen || (seen.window.grade === null && r.window.grade !== null)) chosen.set(key, r);
      }
      return [...chosen.values()];
    };

    const roles = user.roles;
    const office = roles.includes('academicAdmin') || roles.includes('studentAffairs');
    if (office) {
      for (const r of rows) {
        const own = extOf(r.window.id);
        const perStudent = new Set(own.flatMap((e) => (e.studentId ? [e.studentId] : []))).size;
        entries.push(
          entry(
            r,
            'office',
            own.filter((e) => !e.studentId),
            null,
            perStudent,
          ),
        );
      }
    }

    if (roles.includes('student') || roles.includes('parent')) {
      const people = await repo.scheduleStudents(db, schoolId, user.id);
      const children = people.filter((p) => !p.self);
      if (children.length > 0 && roles.includes('parent'))
        await auditRead(
          db,
          { user, requestId },
          'read.schedule',
          { scope: { type: 'school' }, studentIds: children.map((c) => c.id) },
          { academicYear },
        );
      for (const p of people) {
        if (!p.self && !roles.includes('parent')) continue;
        for (const r of forGrade(p.grade === null ? null : Number(p.grade))) {
          const applying = extOf(r.window.id).filter((e) => !e.studentId || e.studentId === p.id);
          entries.push(entry(r, p.self ? 'student' : 'parent', applying, { id: p.id, name: p.name }));
        }
      }
    }

    if (!office && (roles.includes('teacher') || roles.includes('substitute'))) {
      const terms = new Set(await repo.termsTaughtBy(db, schoolId, user.id));
      for (const r of rows)
        if (r.window.kind === 'certification' && r.window.termId && terms.has(r.window.termId))
          entries.push(
            entry(
              r,
              'teacher',
              extOf(r.window.id).filter((e) => !e.studentId),
              null,
            ),
          );
    }

    if (!office && roles.includes('homeroom')) {
      const seen = new Set<string>();
      for (const grade of await repo.homeroomGrades(db, user.id))
        for (const r of forGrade(grade)) {
          if (seen.has(r.window.id)) continue;
          seen.add(r.window.id);
          entries.push(
            entry(
              r,
              'homeroom',
              extOf(r.window.id).filter((e) => !e.studentId),
              null,
            ),
          );
        }
    }

    entries.sort(
      (a, b) =>
        a.opensAt.getTime() - b.opensAt.getTime() ||
        a.kind.localeCompare(b.kind) ||
        (a.studentName ?? '').localeCompare(b.studentName ?? ''),
    );
    return { academicYear, now: at, entries };
  }

  return { schedule };
}
