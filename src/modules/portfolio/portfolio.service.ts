/**
 * The portfolio overview (學習歷程總覽): one student's items per academic year — courses and grades,
 * course outcomes with their certification status, performances and school-entered cadre records. The
 * page a student and a parent open first; read through the one policy check (staff reads audited).
 */
import type { Db } from '../../db/client.js';
import { eventAcademicYear } from '../../domain/performance-rules.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { createMasterdataService } from '../masterdata/masterdata.service.js';
import { studentIdOfUser } from '../masterdata/queries.repo.js';
import { outcomesOfStudentAllTerms } from '../outcomes/outcomes.repo.js';
import { performancesOf } from '../performances/performances.repo.js';

export type PortfolioService = ReturnType<typeof createPortfolioService>;

export function createPortfolioService(deps: { db: Db }) {
  const { db } = deps;
  const masterdata = createMasterdataService({ db });

  async function ofStudent(user: SessionUser, studentId: string, requestId: string) {
    // Authorises (and audits reads by others) once, through the record.
    const record = await masterdata.studentRecord(user, studentId, requestId, 'read.portfolio');
    const [outcomes, performances] = [
      await outcomesOfStudentAllTerms(db, studentId),
      await performancesOf(db, studentId),
    ];
    const years = new Set<number>([
      ...record.terms.map((t) => t.academicYear),
      ...record.cadre.map((c) => c.academicYear),
      ...outcomes.map((o) => o.academicYear),
      ...performances.map((p) => p.academicYear),
    ]);
    return {
      access: record.access,
      student: record.student,
      years: [...years]
        .sort((a, b) => b - a)
        .map((academicYear) => ({
          academicYear,
          terms: record.terms.filter((t) => t.academicYear === academicYear),
          outcomes: outcomes.filter((o) => o.academicYear === academicYear),
          performances: performances
            .filter((p) => p.academicYear === academicYear)
            .map((p) => ({
              id: p.id,
              category: p.category,
              fields: p.fields,
              summary: p.summary,
              startsOn: p.startsOn,
              endsOn: p.endsOn,
              eventYear: eventAcademicYear(p),
              hasProof: !!p.proofFileId,
              externalUrl: p.externalUrl,
            })),
          schoolCadre: record.cadre.filter((c) => c.academicYear === academicYear),
        })),
    };
  }

  async function mine(user: SessionUser, requestId: string) {
    const own = await studentIdOfUser(db, user.id);
    if (!own) throw new AppError('NOT_FOUND');
    return ofStudent(user, own.id, requestId);
  }

  return { ofStudent, mine };
}
