/**
 * The one "current term" of the platform: the calendar term (domain/calendar.ts#currentTermAt, computed
 * for each signed-in request as SessionUser.currentTerm with the school's boundaries and the server
 * clock) and the school's stored row of that term. A school that has not set the term up yet (no row:
 * e.g. a summer day after its last imported term) is *between terms*: pages say so instead of failing.
 */
import type { DbOrTx } from '../../db/client.js';
import { type AcademicTerm, formatTerm } from '../../domain/calendar.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import { termsOf } from './schools.repo.js';

export interface TermRow {
  id: string;
  academicYear: number;
  semester: number;
  startsOn: string;
  endsOn: string;
}

export interface CurrentTerm {
  /** The calendar term (always known). */
  currentTerm: AcademicTerm;
  /** The school's row of that term; null between terms (the term is not set up yet). */
  term: TermRow | null;
}

/** The caller's school's current term and its row (null between terms). */
export async function currentTermOf(db: DbOrTx, user: SessionUser): Promise<CurrentTerm> {
  if (!user.school) throw new AppError('FORBIDDEN');
  const [row] = await termsOf(db, user.school.id, user.currentTerm);
  return {
    currentTerm: user.currentTerm,
    term: row
      ? {
          id: row.id,
          academicYear: row.academicYear,
          semester: row.semester,
          startsOn: row.startsOn,
          endsOn: row.endsOn,
        }
      : null,
  };
}

/** The row of the current term, or the between-terms error (for actions that need a term, e.g. exports). */
export async function requireCurrentTerm(db: DbOrTx, user: SessionUser): Promise<TermRow> {
  const { currentTerm, term } = await currentTermOf(db, user);
  if (!term) throw betweenTermsError(currentTerm);
  return term;
}

export function betweenTermsError(term: AcademicTerm): AppError {
  return new AppError('TERM_NOT_SET_UP', { term: formatTerm(term), termEn: formatTerm(term, 'en') });
}
