import { and, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { preparedPerDb } from '../../db/prepared.js';
import { schools, sessions, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/**
 * What a signed-in request needs of its user — account, roles and school — read in one statement (it runs
 * on every authenticated request).
 */
const sessionUserFields = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  mustChangePassword: users.mustChangePassword,
  disabledAt: users.disabledAt,
  roles: sql<Role[]>`(select coalesce(json_agg("user_roles"."role" order by "user_roles"."role"), '[]'::json)
    from "user_roles" where "user_roles"."user_id" = "users"."id")`,
  school: {
    id: schools.id,
    code: schools.code,
    name: schools.name,
    yearStart: schools.yearStart,
    semester2Start: schools.semester2Start,
  },
};

export type SessionUserRow = NonNullable<Awaited<ReturnType<typeof findSessionUser>>>;

export async function findSessionUser(db: DbOrTx, userId: string) {
  const [row] = await db
    .select(sessionUserFields)
    .from(users)
    .leftJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(users.id, userId));
  return row;
}

export async function recordLoginSuccess(db: DbOrTx, userId: string): Promise<void> {
  await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, userId));
}

export async function insertSession(
  db: DbOrTx,
  s: { tokenHash: string; userId: string; csrfToken: string; absoluteHours: number },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: s.tokenHash,
    userId: s.userId,
    csrfToken: s.csrfToken,
    expiresAt: sql`now() + make_interval(hours => ${s.absoluteHours})`,
  });
}

/**
 * The session for a token hash with its user (as findSessionUser reads it), in one statement; `live`
 * is judged by the database clock: not past its absolute expiry and seen within the idle window. It
 * runs on every authenticated request, so it is a prepared statement (src/db/prepared.ts).
 */
const findSessionQuery = preparedPerDb((db) =>
  db
    .select({
      csrfToken: sessions.csrfToken,
      live: sql<boolean>`${sessions.expiresAt} > now() and ${sessions.lastSeenAt} > now() - make_interval(mins => ${sql.placeholder('idleMinutes')}::int)`,
      stale: sql<boolean>`${sessions.lastSeenAt} < now() - interval '1 minute'`,
      ...sessionUserFields,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(schools, eq(schools.id, users.schoolId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('auth_find_session'),
);

export async function findSession(db: DbOrTx, tokenHash: string, idleMinutes: number) {
  const [row] = await findSessionQuery(db).execute({ tokenHash, idleMinutes });
  return row;
}

/** Moves the idle clock forward; callers skip it when the session was seen in the last minute. */
export async function touchSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user except, optionally, one (used after a password change). */
export async function deleteUserSessions(
  db: DbOrTx,
  userId: string,
  exceptTokenHash?: string,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        exceptTokenHash ? sql`${sessions.tokenHash} <> ${exceptTokenHash}` : undefined,
      ),
    );
}

/** Removes sessions past their absolute expiry. */
export async function purgeExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(sessions).where(gt(sql`now()`, sessions.expiresAt));
}

export async function updatePassword(db: DbOrTx, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, passwordChangedAt: sql`now()` })
    .where(eq(users.id, userId));
}
