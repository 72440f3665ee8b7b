import type { Db } from '../../db/client.js';
import type { Role } from '../../domain/roles.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { findSchoolByCode, insertSchool } from '../schools/schools.repo.js';
import { insertUsers, listAccounts, usernameExists } from './accounts.repo.js';

/** Accounts of the caller's own school; platform-wide users have no school and are refused. */
export async function listSchoolAccounts(
  db: Db,
  caller: SessionUser,
  query: { q?: string; role?: Role; page: number; pageSize: number },
  requestId: string,
) {
  if (!caller.school) throw new AppError('FORBIDDEN');
  const { rows, total } = await listAccounts(db, {
    schoolId: caller.school.id,
    q: query.q,
    role: query.role,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  // Other people's names and usernames: one row per page (the search text is not kept).
  await auditRead(
    db,
    { user: caller, requestId },
    'read.accounts',
    { scope: { type: 'school' } },
    { page: query.page, searched: !!query.q, role: query.role, shown: rows.length },
  );
  return { total, page: query.page, pageSize: query.pageSize, items: rows };
}

/**
 * First administrator of a school (CLI `create-admin`): creates the school when the code is new,
 * then an account with academicAdmin + accountAdmin that must change its password at first sign-in.
 */
export async function createSchoolAdmin(
  db: Db,
  input: { schoolCode: string; schoolName?: string; username: string; displayName: string; password: string },
): Promise<{ userId: string; schoolId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    let school = await findSchoolByCode(tx, input.schoolCode);
    if (!school) {
      if (!input.schoolName || !/^[0-9A-Za-z]{6}$/.test(input.schoolCode)) {
        throw new AppError('SCHOOL_NOT_FOUND', { schoolCode: input.schoolCode });
      }
      school = await insertSchool(tx, { code: input.schoolCode, name: input.schoolName });
    }
    if (await usernameExists(tx, input.username))
      throw new AppError('USERNAME_TAKEN', { username: input.username });
    const ids = await insertUsers(tx, [
      {
        schoolId: school.id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        mustChangePassword: true,
        roles: ['academicAdmin', 'accountAdmin'],
      },
    ]);
    const userId = ids.get(input.username.toLowerCase()) as string;
    await insertAudit(tx, {
      action: 'user.roles_granted',
      schoolId: school.id,
      targetType: 'user',
      targetId: userId,
      details: { roles: ['academicAdmin', 'accountAdmin'], via: 'cli create-admin' },
    });
    return { userId, schoolId: school.id };
  });
}
