import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

/**
 * Failed sign-ins (and wrong current passwords at a password change), counted per subject and client.
 * `subject` is `u:<user id>` for an account, or `n:<HMAC of the name>` for a name that is no account, so
 * unknown names are throttled exactly like real ones and no typed name is stored in clear.
 * `client` is `ip:<HMAC of the address>` or `d:<HMAC of a trusted-device token>` — that pair is locked
 * after LOGIN_MAX_FAILURES — or `*`, the subject's count from anywhere within the last hour, which only
 * slows sign-ins down and never refuses one (src/modules/auth/throttle.ts).
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    subject: text('subject').notNull(),
    client: text('client').notNull(),
    failures: integer('failures').notNull().default(0),
    /** How many times this pair has been locked since its last success (doubles the lock). */
    lockCount: integer('lock_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.subject, t.client] }),
    index('sign_in_throttle_last_failure_idx').on(t.lastFailureAt),
  ],
);

/**
 * Browsers an account has signed in from: the `licheng_device` cookie holds a random token, this table
 * only its keyed hash. A trusted device is counted apart from its address, so a guesser sharing the
 * school's address cannot lock the owner out, and it is never slowed down.
 */
export const signInDevices = pgTable(
  'sign_in_devices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceHash: text('device_hash').notNull(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.deviceHash] }),
    index('sign_in_devices_last_idx').on(t.lastSignInAt),
  ],
);
