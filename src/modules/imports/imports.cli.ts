import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { findSchoolByCode, listSchools } from '../schools/schools.repo.js';
import { runImport } from './engine.js';
import { importKind } from './kinds/index.js';
import type { CsvEncoding } from './readers.js';

/**
 * `licheng import`: the same engine as the web import (one transaction, all-or-nothing, idempotent),
 * run by the server operator; audited without a user.
 */
export async function importFromCli(
  db: Db,
  input: {
    kind: string;
    buffer: Buffer;
    schoolCode?: string;
    commit: boolean;
    encoding?: string;
    academicYear?: number;
    semester?: number;
  },
) {
  const kind = importKind(input.kind);
  if (!kind) throw new AppError('IMPORT_UNKNOWN_KIND', { kind: input.kind });
  let school = input.schoolCode ? await findSchoolByCode(db, input.schoolCode) : undefined;
  if (!input.schoolCode) {
    const all = await listSchools(db);
    if (all.length === 1) school = all[0];
  }
  if (!school) throw new AppError('SCHOOL_NOT_FOUND', { schoolCode: input.schoolCode ?? '(--school)' });
  const schoolId = school.id;
  const encoding = input.encoding?.toLowerCase().replace('utf8', 'utf-8');
  if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'big5') {
    throw new AppError('VALIDATION_FAILED', { fields: '--encoding (utf-8 | big5)' });
  }
  return runImport(db, {
    kind,
    buffer: input.buffer,
    schoolId,
    commit: input.commit,
    encoding: encoding as CsvEncoding | undefined,
    defaultTerm: { academicYear: input.academicYear, semester: input.semester },
    beforeCommit: (tx, r) =>
      insertAudit(tx, {
        action: 'import.committed',
        schoolId,
        details: { kind: kind.kind, via: 'cli', rows: r.rows, inserted: r.inserted, updated: r.updated },
      }),
  });
}
