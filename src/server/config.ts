import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** What fastify's `trustProxy` receives: nothing trusted, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | string[];

/** proxy-addr's names for address ranges, accepted as list entries. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^[0-9]{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * `false`/`0`/`no` trusts nothing; otherwise a list of proxy addresses, CIDRs or proxy-addr's range
 * names (`loopback`, `linklocal`, `uniquelocal`). `true` is refused: it would believe whatever
 * X-Forwarded-For a client sends; so is a hop count, which cannot tell a proxy from a client that
 * reaches the server directly (fastify 5 no longer trusts one either).
 */
function parseTrustProxy(raw: string, ctx: z.RefinementCtx): TrustProxy {
  const v = raw.trim().toLowerCase();
  if (v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === 'yes') {
    ctx.addIssue({
      code: 'custom',
      message:
        'TRUST_PROXY=true would let any client choose its address; list the proxy addresses instead (e.g. 127.0.0.1 or loopback)',
    });
    return z.NEVER;
  }
  if (/^[0-9]+$/.test(v)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'a hop count cannot tell a proxy from a client that connects directly; list the proxy addresses (e.g. 127.0.0.1 or loopback)',
    });
    return z.NEVER;
  }
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `not an IP address or CIDR: ${bad.join(', ')} (expected e.g. 127.0.0.1,10.0.0.0/8 or loopback)`,
    });
    return z.NEVER;
  }
  return entries;
}

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
  /**
   * The address people reach this server at (e.g. https://portfolio.example.edu.tw): credentials name
   * their issuer and status list under it, packets print the verification URL. Default
   * `http://127.0.0.1:<PORT>`.
   */
  PUBLIC_URL: z.string().url().optional(),
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
  /**
   * Run as root, the embedded PostgreSQL runs as the OS user `postgres`; when that user cannot reach
   * DATA_DIR or the installed engine (a checkout under /root), the cluster and a copy of the engine go here.
   */
  EMBEDDED_PG_ROOT_DIR: z.string().min(1).default('/var/lib/licheng'),
  /** Secret that keys session-token hashes. Generated into DATA_DIR when absent (not in production). */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** A session ends after this many minutes without requests. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  /** A session ends this many hours after sign-in regardless of activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /**
   * Failed sign-ins on one account from one address (or one trusted device) after which that address is
   * locked out of that account; also the account's failures from anywhere within an hour after which
   * every other attempt on it is slowed down (never refused).
   */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** First lock of an address on an account, in minutes; each further lock doubles it, up to 24 hours. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /**
   * Longest wait before an account under attack answers a sign-in from an address or browser that is
   * not its own: 0.5 s, doubling every LOGIN_MAX_FAILURES further failures, up to this (0: no wait).
   */
  LOGIN_SLOWDOWN_MAX_SECONDS: z.coerce.number().min(0).max(60).default(8),
  /** Sign-in attempts allowed per client IP per minute. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Largest packet PDF that POST /api/v1/verify accepts, in MB (public route, rate-limited). */
  VERIFY_MAX_MB: z.coerce.number().int().min(1).max(500).default(60),
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
  /**
   * The reverse proxies whose X-Forwarded-* headers are believed: a comma-separated list of addresses,
   * CIDRs or `loopback`/`linklocal`/`uniquelocal` (e.g. `127.0.0.1,10.0.0.0/8`). The client address is
   * then the first address, walking back from the server, that is not a trusted proxy — never an entry
   * a client wrote in front of it.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => parseTrustProxy(v, ctx)),
  /**
   * The central repository's base URL (e.g. https://repository.example.edu.tw) to which the school submits
   * packages and from which it fetches receipts. Default: this same server (the co-hosted demo).
   */
  CENTRAL_URL: z.string().url().optional(),
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
