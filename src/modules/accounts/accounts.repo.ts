import { and, asc, eq, exists, ilike, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { userRoles, users } from '../../db/schema/index.js';
import type { Role } from '../../domain/roles.js';

export interface AccountFilter {
  schoolId: string;
  q?: string;
  role?: Role;
  limit: number;
  offset: number;
}

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
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        disabled: sql<boolean>`${users.disabledAt} is not null`,
        locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)`,
        mustChangePassword: users.mustChangePassword,
        lastLoginAt: users.lastLoginAt,
        roles: sql<
          Role[]
        >`coalesce((select array_agg(r.role order by r.role) from ${userRoles} r where r.user_id = ${users.id}), '{}')`,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.username))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
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

export async function usernameExists(db: DbOrTx, username: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username.toLowerCase()));
  return !!row;
}
