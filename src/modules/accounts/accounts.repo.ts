/** SQL of account administration. Correlated subqueries name the outer table explicitly ("users"."id"):
 * drizzle renders a lone column unqualified, which a subquery would resolve to its own table. */
import { and, asc, eq, exists, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  classes,
  guardians,
  sessions,
  signInThrottle,
  staff,
  students,
  userRoles,
  users,
} from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';
import { studentsInClassOrder } from '../masterdata/students-brief.repo.js';

export interface AccountFilter {
  schoolId: string;
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

/**
 * The class an account belongs with: a student's class; a parent's children's classes; the class a
 * teacher is homeroom teacher of (classes of the latest year first). Null for other accounts.
 */
const accountClass = sql<string | null>`coalesce(
  (select c.name from ${students} s join ${classes} c on c.id = s.class_id where s.user_id = "users"."id" limit 1),
  (select string_agg(distinct c.name, '、') from ${guardians} g join ${students} s on s.id = g.student_id
    join ${classes} c on c.id = s.class_id where g.user_id = "users"."id"),
  (select string_agg(c.name, '、' order by c.academic_year desc, c.name) from ${staff} st
    join ${classes} c on c.homeroom_staff_id = st.id where st.user_id = "users"."id"))`;

/** A student account's 學號 and seat, for login slips in class order. */
const studentNoOf = sql<
  string | null
>`(select s.student_no from ${students} s where s.user_id = "users"."id" limit 1)`;
const seatNoOf = sql<
  number | null
>`(select s.seat_no from ${students} s where s.user_id = "users"."id" limit 1)`;

/** A school's accounts with their roles, filtered and paged, plus the total count. */
export async function listAccounts(db: DbOrTx, f: AccountFilter) {
  const pattern = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    eq(users.schoolId, f.schoolId),
    pattern ? or(ilike(users.username, pattern), ilike(users.displayName, pattern)) : undefined,
    f.role
      ? exists(
          db
            .select({ one: sql`1` })
            .from(userRoles)
            .where(and(eq(userRoles.userId, users.id), eq(userRoles.role, f.role))),
        )
      : undefined,
  );
  // Sequential, so this also works on a transaction handle (one connection).
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      disabled: sql<boolean>`${users.disabledAt} is not null`,
      // Some address or device is locked out of the account after failed sign-ins (auth/throttle.ts).
      locked: sql<boolean>`exists (select 1 from ${signInThrottle} t
        where t.subject = 'u:' || "users"."id"::text and t.locked_until > now())`,
      mustChangePassword: users.mustChangePassword,
      lastLoginAt: users.lastLoginAt,
      className: accountClass,
      roles: sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from ${userRoles} r where r.user_id = "users"."id"), '{}')`,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(f.limit)
    .offset(f.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(users).where(where);
  return { rows, total: count?.total ?? 0 };
}

export interface NewUser {
  schoolId: string | null;
  username: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  roles: Role[];
}

/** Inserts users with their roles; returns ids keyed by username. */
export async function insertUsers(db: DbOrTx, list: NewUser[]): Promise<Map<string, string>> {
  if (list.length === 0) return new Map();
  const rows = await db
    .insert(users)
    .values(list.map(({ roles: _roles, ...u }) => ({ ...u, username: u.username.toLowerCase() })))
    .returning({ id: users.id, username: users.username });
  const ids = new Map(rows.map((r) => [r.username, r.id]));
  const roleRows = list.flatMap((u) =>
    u.roles.map((role) => ({ userId: ids.get(u.username.toLowerCase()) as string, role })),
  );
  if (roleRows.length > 0) await db.insert(userRoles).values(roleRows);
  return ids;
}

/** Usernames already in use that start with `prefix` or are among `names` (lower-case). */
export async function existingUsernames(db: DbOrTx, prefix: string, names: string[]): Promise<Set<string>> {
  const lower = names.map((n) => n.toLowerCase());
  const rows = await db
    .select({ username: users.username })
    .from(users)
    .where(
      or(
        sql`starts_with(${users.username}, ${prefix})`,
        lower.length > 0 ? inArray(users.username, lower) : undefined,
      ),
    );
  return new Set(rows.map((r) => r.username));
}

export async function usernameExists(db: DbOrTx, username: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username.toLowerCase()));
  return !!row;
}

/** Students of a school without an account, optionally of one class, in class/seat order. */
export async function studentsWithoutAccount(db: DbOrTx, schoolId: string, classId?: string) {
  return studentsInClassOrder(
    db,
    schoolId,
    and(
      isNull(students.userId),
      inArray(students.status, ['在學', '轉入', '休學']),
      classId ? eq(students.classId, classId) : undefined,
    ),
  );
}

export async function staffWithoutAccount(db: DbOrTx, schoolId: string) {
  return db
    .select({
      id: staff.id,
      staffNo: staff.staffNo,
      name: staff.name,
      isHomeroom: sql<boolean>`exists (select 1 from ${classes} c where c.homeroom_staff_id = "staff"."id")`,
    })
    .from(staff)
    .where(and(eq(staff.schoolId, schoolId), isNull(staff.userId)))
    .orderBy(asc(staff.staffNo));
}

export async function guardiansWithoutAccount(db: DbOrTx, schoolId: string, classId?: string) {
  return db
    .select({
      id: guardians.id,
      name: guardians.name,
      relation: guardians.relation,
      studentNo: students.studentNo,
      studentName: students.name,
      className: classes.name,
      seatNo: students.seatNo,
    })
    .from(guardians)
    .innerJoin(students, eq(students.id, guardians.studentId))
    .leftJoin(classes, eq(classes.id, students.classId))
    .where(
      and(
        eq(guardians.schoolId, schoolId),
        isNull(guardians.userId),
        classId ? eq(students.classId, classId) : undefined,
      ),
    )
    .orderBy(asc(classes.name), asc(students.seatNo), asc(guardians.name));
}

/** Sets user_id on many rows of students / staff / guardians in one statement. */
async function linkUsers(
  db: DbOrTx,
  table: 'students' | 'staff' | 'guardians',
  links: { id: string; userId: string }[],
) {
  if (links.length === 0) return;
  const ids = links.map((l) => l.id);
  const userIds = links.map((l) => l.userId);
  await db.execute(sql`
    update ${sql.identifier(table)} t set user_id = v.user_id
    from (select unnest(${sql.param(ids)}::uuid[]) as id, unnest(${sql.param(userIds)}::uuid[]) as user_id) v
    where t.id = v.id`);
}

export const linkStudentUsers = (db: DbOrTx, links: { id: string; userId: string }[]) =>
  linkUsers(db, 'students', links);
export const linkStaffUsers = (db: DbOrTx, links: { id: string; userId: string }[]) =>
  linkUsers(db, 'staff', links);
export const linkGuardianUsers = (db: DbOrTx, links: { id: string; userId: string }[]) =>
  linkUsers(db, 'guardians', links);

/** Users of a school by id (for resets, role changes), with their roles. */
export async function schoolUsersByIds(db: DbOrTx, schoolId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: sql<
        Role[]
      >`coalesce((select array_agg(r.role) from ${userRoles} r where r.user_id = "users"."id"), '{}')`,
      className: accountClass,
      studentNo: studentNoOf,
      seatNo: seatNoOf,
    })
    .from(users)
    .where(and(eq(users.schoolId, schoolId), inArray(users.id, ids)));
}

/** New one-time passwords: must be changed at the next sign-in; locks and open sessions end. */
export async function setPasswordHashes(db: DbOrTx, rows: { id: string; passwordHash: string }[]) {
  if (rows.length > 0) {
    const ids = rows.map((r) => r.id);
    const hashes = rows.map((r) => r.passwordHash);
    await db.execute(sql`
      update users u set password_hash = v.hash, must_change_password = true
      from (select unnest(${sql.param(ids)}::uuid[]) as id, unnest(${sql.param(hashes)}::text[]) as hash) v
      where u.id = v.id`);
    // Locks of addresses and devices on these accounts end with the new password.
    await db.delete(signInThrottle).where(
      inArray(
        signInThrottle.subject,
        ids.map((id) => `u:${id}`),
      ),
    );
    await db.delete(sessions).where(
      inArray(
        sessions.userId,
        rows.map((r) => r.id),
      ),
    );
  }
}

export async function setDisabled(db: DbOrTx, userId: string, disabled: boolean) {
  await db
    .update(users)
    .set({ disabledAt: disabled ? sql`now()` : null })
    .where(eq(users.id, userId));
  if (disabled) await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function replaceRoles(db: DbOrTx, userId: string, roles: Role[]) {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length > 0) await db.insert(userRoles).values(roles.map((role) => ({ userId, role })));
}

/** Whether the account is linked to any student as a parent. */
export async function hasGuardianLinks(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: guardians.id })
    .from(guardians)
    .where(eq(guardians.userId, userId))
    .limit(1);
  return !!row;
}

/** Active accounts of a school holding a role. */
export async function usersWithRole(db: DbOrTx, schoolId: string, role: Role) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(eq(users.schoolId, schoolId), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

export async function studentByNo(db: DbOrTx, schoolId: string, studentNo: string) {
  const [row] = await db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.schoolId, schoolId), eq(students.studentNo, studentNo)));
  return row;
}

/** A guardian row for the account and student (updating the relation when it already exists). */
export async function upsertGuardianLink(db: DbOrTx, row: typeof guardians.$inferInsert) {
  await db
    .insert(guardians)
    .values(row)
    .onConflictDoUpdate({
      target: [guardians.studentId, guardians.name],
      set: { relation: row.relation, userId: row.userId },
    });
}
