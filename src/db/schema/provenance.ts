import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { outcomes } from './outcomes.js';
import { schools } from './tenancy.js';

/**
 * A course outcome's certification issued as a verifiable credential (VC-JWT, Open Badges 3.0
 * AchievementCredential signed with the school's Ed25519 key). One row per pass decision: a later fail
 * decision (or a withdrawal) revokes it — `revoked_at` set and its bit in the school's Bitstring Status
 * List (`status_index`, unique per school) turned on. A new pass issues a new credential.
 */
export const outcomeCredentials = pgTable(
  'outcome_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => outcomes.id),
    /** Position in the school's revocation status list (0 … 131071). */
    statusIndex: integer('status_index').notNull(),
    jwt: text('jwt').notNull(),
    /** The files the credential names: { role, name, sha256, size }. */
    evidence: jsonb('evidence')
      .$type<{ role: string; name: string; sha256: string; size: number }[]>()
      .notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    unique('outcome_credentials_status_index').on(t.schoolId, t.statusIndex),
    index('outcome_credentials_outcome_idx').on(t.outcomeId, t.issuedAt),
    check('outcome_credentials_index_range', sql`${t.statusIndex} >= 0 and ${t.statusIndex} < 131072`),
  ],
);

/**
 * The central repository's own Ed25519 key (receipt credentials): one row, the private key as
 * encrypted PKCS#8 like the schools' keys (passphrase derived with HKDF from the server's secret).
 */
export const repositorySigningKeys = pgTable(
  'repository_signing_keys',
  {
    id: text('id').primaryKey().default('repository'),
    publicKey: text('public_key').notNull(),
    privateKey: text('private_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('repository_signing_keys_one', sql`${t.id} = 'repository'`)],
);
