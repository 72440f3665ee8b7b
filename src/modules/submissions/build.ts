/**
 * The engine shared by the office routes (as a background job), the CLI and the bench: gather a
 * roster's rows from its registered row sources, re-check the files against the blob store, apply the
 * pre-check rule table, and produce the signed package with its items frozen.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DbOrTx } from '../../db/client.js';
import { parseIsoDate, taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
import { isFileRef, type PrecheckContext, type Problem, precheckSheet } from '../../domain/precheck.js';
import {
  coverSemester,
  type RosterFormat,
  type RosterSheet,
  rosterFormat,
} from '../../domain/roster-formats.js';
import { AppError } from '../../server/errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { buildPackage } from './package.js';
import { rowSource, type SourcedRow } from './row-sources.js';
import './sources.js';
import './school-records.sources.js';
import type { SigningKey } from './signing.js';
import type { Cover } from './workbook.js';
import { writeRosterWorkbook } from './workbook.js';

/** Selection caps per academic year (SPEC §5); a school setting once the selection work lands. */
export const DEFAULT_CAPS = { outcome: 6, performance: 10 } as const;

export interface RosterRequest {
  schoolId: string;
  schoolCode: string;
  academicYear: number;
  semester?: number;
  roster: number;
}

export interface CollectedRoster {
  format: RosterFormat;
  cover: Cover;
  sheets: { sheet: RosterSheet; rows: SourcedRow[] }[];
  /** Row sources a sheet names that nobody registered yet. */
  missingSources: string[];
}

/** The roster's format, checked against the request (known, semester given for semester rosters). */
export function formatFor(req: { roster: number; semester?: number }): RosterFormat {
  const format = rosterFormat(req.roster);
  if (!format) throw new AppError('SUBMISSION_ROSTER_UNKNOWN', { roster: req.roster });
  if (format.cadence === 'semester' && req.semester !== 1 && req.semester !== 2) {
    throw new AppError('SUBMISSION_SEMESTER_REQUIRED', { roster: req.roster });
  }
  return format;
}

/** Every sheet's rows from its row source (sheets without data kept here stay empty). */
export async function collectRoster(db: DbOrTx, req: RosterRequest): Promise<CollectedRoster> {
  const format = formatFor(req);
  const semester = coverSemester(format, req.semester);
  const missingSources: string[] = [];
  const sheets: CollectedRoster['sheets'] = [];
  const cache = new Map<string, Promise<unknown>>();
  for (const sheet of format.sheets) {
    const source = sheet.source ? rowSource(sheet.source.name) : undefined;
    if (sheet.source && !source) missingSources.push(sheet.source.name);
    const rows = source
      ? await source({
          db,
          schoolId: req.schoolId,
          academicYear: req.academicYear,
          semester,
          params: sheet.source?.params ?? {},
          cache,
        })
      : [];
    sheets.push({ sheet, rows });
  }
  if (format.withoutSource === 'unavailable' && missingSources.length > 0) {
    throw new AppError('SUBMISSION_ROSTER_UNAVAILABLE', {
      roster: format.roster,
      sources: [...new Set(missingSources)].join(', '),
    });
  }
  return {
    format,
    cover: { schoolCode: req.schoolCode, academicYear: req.academicYear, semester },
    sheets,
    missingSources: [...new Set(missingSources)],
  };
}

/**
 * Sets each referenced file's state: `hash` streams the stored bytes and compares their SHA-256 with
 * the recorded digest (corrupt when they differ); `stat` only checks that the bytes exist at the
 * recorded size (the build re-hashes every file as it packs it).
 */
export async function checkFiles(collected: CollectedRoster, blobs: BlobStore, mode: 'hash' | 'stat') {
  const refs = collected.sheets.flatMap((s) =>
    s.rows.flatMap((r) => Object.values(r.values).filter(isFileRef)),
  );
  const bySha = new Map<string, 'ok' | 'missing' | 'corrupt'>();
  let next = 0;
  const unique = [...new Set(refs.map((r) => r.file.sha256))];
  const sizeOf = new Map(refs.map((r) => [r.file.sha256, r.file.size]));
  const worker = async () => {
    while (next < unique.length) {
      const sha = unique[next++] as string;
      const stat = await blobs.stat(sha).catch(() => null);
      if (!stat) {
        bySha.set(sha, 'missing');
        continue;
      }
      if (stat.size !== sizeOf.get(sha)) {
        bySha.set(sha, 'corrupt');
        continue;
      }
      if (mode === 'stat') {
        bySha.set(sha, 'ok');
        continue;
      }
      const hash = createHash('sha256');
      for await (const chunk of await blobs.open(sha)) hash.update(chunk as Buffer);
      bySha.set(sha, hash.digest('hex') === sha ? 'ok' : 'corrupt');
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const r of refs) r.file.state = bySha.get(r.file.sha256) ?? 'missing';
}

/** The rule table's context: today, the end of the academic year, the caps. */
export function precheckContext(now: Date, academicYear: number): PrecheckContext {
  const today = toIsoDate(taipeiDateOf(now));
  const end = parseIsoDate(`${academicYear + 1912}-07-31`);
  return { today, latest: end ? toIsoDate(end) : today, caps: { ...DEFAULT_CAPS } };
}

export function precheckRoster(collected: CollectedRoster, ctx: PrecheckContext): Problem[] {
  return collected.sheets.flatMap((s) => precheckSheet(s.sheet, s.rows, ctx));
}

/** Students whose data the collected roster holds. */
export const studentsOf = (collected: CollectedRoster) => [
  ...new Set(
    collected.sheets.flatMap((s) => s.rows.map((r) => r.studentId).filter((id): id is string => !!id)),
  ),
];

/**
 * Writes the package to `file`; resolves with its digest, manifest and signature. Once the workbook is
 * written the collected rows are let go (`collected.sheets[].rows` emptied): only the file list goes on
 * into the zip, so a year's 18,000 rows do not stay in memory while it streams — take the snapshots and
 * the students (`snapshotsOf`, `studentsOf`) before.
 */
export async function writePackage(input: {
  collected: CollectedRoster;
  blobs: BlobStore;
  key: SigningKey;
  file: string;
  createdAt: Date;
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Certified outcomes' credentials (VC-JWT) by outcome id, packed beside their documents (provenance). */
  credentialsFor?: (outcomeIds: string[]) => Promise<Map<string, string>>;
}) {
  const { collected } = input;
  const workbook = await writeRosterWorkbook(
    collected.format,
    collected.cover,
    collected.sheets.map((s) => ({ rows: s.rows })),
  );
  for (const s of collected.sheets) s.rows = [];
  const credentials = new Map<string, string>();
  const certified = workbook.files.filter((f) => f.certifiedOutcomeId);
  if (input.credentialsFor && certified.length > 0) {
    const jwts = await input.credentialsFor(certified.map((f) => f.certifiedOutcomeId as string));
    for (const f of certified) {
      const jwt = jwts.get(f.certifiedOutcomeId as string);
      if (jwt) credentials.set(f.path, jwt);
    }
  }
  return buildPackage({
    format: collected.format,
    cover: collected.cover,
    workbook,
    openBlob: (sha) => input.blobs.open(sha),
    privateKey: input.key.privateKey,
    fingerprint: input.key.fingerprint,
    createdAt: input.createdAt,
    out: fs.createWriteStream(input.file, { mode: 0o640 }),
    credentials,
    onProgress: input.onProgress,
  });
}

/** The frozen items of a collected roster (rows about selected items). */
export function snapshotsOf(collected: CollectedRoster, packageId: string, schoolId: string) {
  return collected.sheets.flatMap((s) =>
    s.rows
      .filter((r) => r.item && r.snapshot && r.studentId)
      .map((r) => ({
        packageId,
        schoolId,
        studentId: r.studentId as string,
        kind: r.item?.kind as 'outcome' | 'performance',
        itemId: r.item?.id as string,
        snapshot: { sheet: s.sheet.name, ...r.snapshot },
      })),
  );
}
