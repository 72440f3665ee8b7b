import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable the server reads, parsed once at boot (DESIGN.md §4.7).
 * Nothing else in the code base reads `process.env`. The README documents each variable.
 */
export const ZConfigEnv = z.object({
  /** `development` | `production` | `test`. Production refuses demo seeding and requires SESSION_SECRET. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Directory for the embedded PostgreSQL cluster (`pg/`), blobs and generated secrets. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * External PostgreSQL, as the application's restricted role (rows only; owns no table). When absent,
   * an embedded PostgreSQL is started under DATA_DIR/pg and used as its restricted role `licheng_app`.
   */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The role that owns the tables: migrations run with it at start, then it grants DATABASE_URL's role
   * what it needs (docs/OPERATIONS.md). Without it, DATABASE_URL's role must itself apply migrations.
   */
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  /**
   * Connections this process keeps to PostgreSQL. Every upload's record and every request's session
   * need one; on a deadline night 10 queue behind each other (measured in bench/uploads).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Secret that keys session-token hashes. Generated into DATA_DIR when absent (not in production). */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** A session ends after this many minutes without requests. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  /** A session ends this many hours after sign-in regardless of activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Consecutive failed sign-ins after which an account is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** First lock duration in minutes; each further lock doubles it, up to 24 hours. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Sign-in attempts allowed per client IP per minute. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Largest spreadsheet accepted by imports, in MB (1 MB = 1,048,576 bytes). */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** Per-user upload quota in MB (*configurable*). */
  UPLOAD_QUOTA_MB: z.coerce.number().int().min(1).default(500),
  /** Per-user upload quota in files (*configurable*). */
  UPLOAD_QUOTA_FILES: z.coerce.number().int().min(1).default(500),
  /**
   * Upload bodies received and accepted at once; more wait their turn in arrival order (0: no limit).
   * A sender slower than 1 MB/s does not hold a turn (src/modules/uploads/gate.ts).
   */
  UPLOAD_CONCURRENCY: z.coerce.number().int().min(0).default(32),
  /** Abandoned resumable uploads are removed after this many hours. */
  TUS_EXPIRY_HOURS: z.coerce.number().int().min(1).default(48),
  /** Where resumable uploads wait until finished (default DATA_DIR/tus); a shared volume for several instances. */
  TUS_DIR: z.string().optional(),
  /** Locks on resumable uploads: `memory` (one instance) or `postgres` (several instances sharing TUS_DIR). */
  TUS_LOCKS: z.enum(['memory', 'postgres']).default('memory'),
  /** Blob store: `local` (DATA_DIR/blobs) or `s3` (any S3-compatible service). */
  STORAGE: z.enum(['local', 's3']).default('local'),
  /** S3 endpoint URL, e.g. https://s3.example.edu.tw (omit for AWS). */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  /** Bucket holding the blobs (required with STORAGE=s3). */
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style addressing (MinIO, Ceph and most self-hosted services need it). */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Key prefix inside the bucket. */
  S3_PREFIX: z.string().default(''),
  /** Trust X-Forwarded-* headers from a reverse proxy (needed for Secure cookies behind https). */
  TRUST_PROXY: bool.default(false),
  /** Seed the demo school on start when the database holds no school yet (never in production). */
  DEMO_SEED: bool.default(true),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ConfigEnv = z.infer<typeof ZConfigEnv>;

export interface Config extends ConfigEnv {
  /** DATA_DIR resolved to an absolute path. */
  dataDir: string;
  /** Where the built web app lives. */
  webDistDir: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once, listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZConfigEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  if (c.DATABASE_MIGRATION_URL && !c.DATABASE_URL)
    throw new ConfigError([
      'DATABASE_MIGRATION_URL: only with DATABASE_URL (the embedded database migrates itself)',
    ]);
  if (c.STORAGE === 's3' && !c.S3_BUCKET) throw new ConfigError(['S3_BUCKET: required when STORAGE=s3']);
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required when NODE_ENV=production']);
  }
  return {
    ...c,
    dataDir: path.resolve(cwd, c.DATA_DIR),
    webDistDir: path.resolve(cwd, 'dist/web'),
  };
}
