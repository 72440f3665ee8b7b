import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { signInDevices, signInThrottle } from '../../db/schema/index.js';

/** The client key of a subject's count from anywhere. */
export const ANYWHERE = '*';

/** How long the count from anywhere remembers a failure. */
const ANYWHERE_WINDOW = sql`interval '1 hour'`;
/** A pair that has not failed for this long (and is not locked) starts again from zero. */
const PAIR_MEMORY = sql`interval '24 hours'`;

export interface ThrottleState {
  /** Minutes left on this pair's lock, or 0 when it is not locked. */
  lockedMinutes: number;
  /** Failures on the subject from anywhere within the last hour. */
  failuresAnywhere: number;
}

/** The pair's lock and the subject's recent failures from anywhere, in one statement. */
export async function readThrottle(db: DbOrTx, subject: string, client: string): Promise<ThrottleState> {
  const rows = await db
    .select({
      client: signInThrottle.client,
      lockedMinutes: sql<number>`case when ${signInThrottle.lockedUntil} > now()
        then ceil(extract(epoch from ${signInThrottle.lockedUntil} - now()) / 60)::int else 0 end`,
      recentFailures: sql<number>`case when ${signInThrottle.lastFailureAt} > now() - ${ANYWHERE_WINDOW}
        then ${signInThrottle.failures} else 0 end`,
    })
    .from(signInThrottle)
    .where(and(eq(signInThrottle.subject, subject), inArray(signInThrottle.client, [client, ANYWHERE])));
  const pair = rows.find((r) => r.client === client && client !== ANYWHERE);
  const anywhere = rows.find((r) => r.client === ANYWHERE);
  return { lockedMinutes: pair?.lockedMinutes ?? 0, failuresAnywhere: anywhere?.recentFailures ?? 0 };
}

/**
 * Counts one failure for the pair and for the subject from anywhere. When the pair reaches
 * `maxFailures` it is locked for `lockMinutes × 2^(earlier locks)`, at most 24 h, and its count restarts.
 * Each row changes in one UPDATE, so concurrent failures cannot lose counts. Returns the minutes of a
 * lock that this failure started (0 if none).
 */
export async function recordFailure(
  db: DbOrTx,
  subject: string,
  client: string,
  settings: { maxFailures: number; lockMinutes: number },
): Promise<{ lockedMinutes: number }> {
  await db
    .insert(signInThrottle)
    .values([
      { subject, client },
      { subject, client: ANYWHERE },
    ])
    .onConflictDoNothing();
  const t = signInThrottle;
  const forgotten = sql`(${t.lastFailureAt} < now() - ${PAIR_MEMORY}
    and (${t.lockedUntil} is null or ${t.lockedUntil} < now()))`;
  const failures = sql`(case when ${forgotten} then 0 else ${t.failures} end)`;
  const locks = sql`(case when ${forgotten} then 0 else ${t.lockCount} end)`;
  const reach = sql`${failures} + 1 >= ${settings.maxFailures}`;
  const [pair] = await db
    .update(t)
    .set({
      failures: sql`case when ${reach} then 0 else ${failures} + 1 end`,
      lockCount: sql`case when ${reach} then ${locks} + 1 else ${locks} end`,
      lockedUntil: sql`case when ${reach}
        then now() + least(interval '24 hours', make_interval(mins => ${settings.lockMinutes} * power(2, least(${locks}, 10))::int))
        else ${t.lockedUntil} end`,
      lastFailureAt: sql`now()`,
    })
    .where(and(eq(t.subject, subject), eq(t.client, client)))
    .returning({
      lockedMinutes: sql<number>`case when ${t.failures} = 0 and ${t.lockedUntil} > now()
        then ceil(extract(epoch from ${t.lockedUntil} - now()) / 60)::int else 0 end`,
    });
  await db
    .update(t)
    .set({
      failures: sql`case when ${t.lastFailureAt} < now() - ${ANYWHERE_WINDOW} then 1 else ${t.failures} + 1 end`,
      lastFailureAt: sql`now()`,
    })
    .where(and(eq(t.subject, subject), eq(t.client, ANYWHERE)));
  return { lockedMinutes: pair?.lockedMinutes ?? 0 };
}

/** A success from a client forgets that pair's failures and locks (not the count from anywhere). */
export async function clearPair(db: DbOrTx, subject: string, client: string): Promise<void> {
  await db
    .delete(signInThrottle)
    .where(and(eq(signInThrottle.subject, subject), eq(signInThrottle.client, client)));
}

/** Whether the account has signed in from this device before (false for no account). */
export async function isKnownDevice(db: DbOrTx, userId: string, deviceHash: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(signInDevices)
    .where(and(eq(signInDevices.userId, userId), eq(signInDevices.deviceHash, deviceHash)));
  return row !== undefined;
}

export async function rememberDevice(db: DbOrTx, userId: string, deviceHash: string): Promise<void> {
  await db
    .insert(signInDevices)
    .values({ userId, deviceHash })
    .onConflictDoUpdate({
      target: [signInDevices.userId, signInDevices.deviceHash],
      set: { lastSignInAt: sql`now()` },
    });
}

/** Forgets failures nobody needs any more and devices unused for `deviceDays`. */
export async function purgeThrottle(db: DbOrTx, deviceDays: number): Promise<void> {
  await db
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.lastFailureAt, sql`now() - ${PAIR_MEMORY}`),
        or(sql`${signInThrottle.lockedUntil} is null`, lt(signInThrottle.lockedUntil, sql`now()`)),
      ),
    );
  await db
    .delete(signInDevices)
    .where(lt(signInDevices.lastSignInAt, sql`now() - make_interval(days => ${deviceDays})`));
}
