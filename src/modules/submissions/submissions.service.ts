/**
 * 送件 (SPEC.md §5): 教務處 (rosters 1, 2, 3, 4, 6, 26, 27) and 學務處 (24, 25) pre-check a roster,
 * build its signed package as a background job, follow its progress, and download any package of
 * their school's history (audited: a package holds the data of every student in it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.js';
import { type Problem, problemMessage } from '../../domain/precheck.js';
import { currentRosterFormats, type RosterFormat } from '../../domain/roster-formats.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { enqueue, type JobHandler } from '../jobs/jobs.js';
import { schoolOf } from '../policy/policy.js';
import { outcomeCredentialJwts } from '../provenance/provenance.service.js';
import type { BlobStore } from '../storage/blob-store.js';
import {
  checkFiles,
  collectRoster,
  formatFor,
  precheckContext,
  precheckRoster,
  snapshotsOf,
  studentsOf,
  writePackage,
} from './build.js';
import { CorruptFileError } from './package.js';
import { signingKeyOf } from './signing.js';
import * as repo from './submissions.repo.js';

export const BUILD_JOB = 'submission.build';

export interface RosterQuery {
  year: number;
  semester?: number;
  roster: number;
}

const OFFICE_NAMES = {
  academicAdmin: { 'zh-TW': '教務處', en: 'the academic office' },
  studentAffairs: { 'zh-TW': '學務處', en: 'the student affairs office' },
} as const;

export type SubmissionsService = ReturnType<typeof createSubmissionsService>;

export function createSubmissionsService(deps: {
  db: Db;
  blobs: BlobStore;
  /** Where packages are written before they become blobs (the upload intake's directory). */
  incomingDir: string;
  /** The server's secret: the signing key's passphrase is derived from it. */
  secret: string;
  now?: () => Date;
  /** Where credentials name their issuer; with it, certified outcomes lacking a credential get one. */
  provenance?: { baseUrl: string };
}) {
  const { db, blobs } = deps;
  const now = deps.now ?? (() => new Date());

  /** The roster's format, if the caller's office submits it. */
  function assertOffice(user: SessionUser, q: RosterQuery): RosterFormat {
    const format = formatFor(q);
    if (!user.roles.includes(format.office)) {
      const office = OFFICE_NAMES[format.office];
      throw new AppError('SUBMISSION_ROSTER_NOT_YOURS', {
        roster: format.roster,
        office: office['zh-TW'],
        officeEn: office.en,
      });
    }
    return format;
  }

  async function labelled(schoolId: string, problems: Problem[]) {
    const labels = await repo.studentLabels(db, schoolId, [
      ...new Set(problems.map((p) => p.studentId).filter((id): id is string => !!id)),
    ]);
    return problems.map((p) => {
      const student = p.studentId ? labels.get(p.studentId) : undefined;
      return {
        ...p,
        studentNo: student?.studentNo ?? null,
        studentName: student?.name ?? null,
        message: { 'zh-TW': problemMessage(p, 'zh-TW'), en: problemMessage(p, 'en') },
      };
    });
  }

  /** The pre-check of one roster of a school: every problem (files re-hashed against the blob store). */
  async function precheckSchool(school: { id: string; code: string }, q: RosterQuery) {
    const format = formatFor(q);
    const collected = await collectRoster(db, {
      schoolId: school.id,
      schoolCode: school.code,
      academicYear: q.year,
      semester: q.semester,
      roster: q.roster,
    });
    await checkFiles(collected, blobs, 'hash');
    const problems = await labelled(school.id, precheckRoster(collected, precheckContext(now(), q.year)));
    return {
      studentIds: studentsOf(collected),
      roster: format.roster,
      formatVersion: format.version,
      academicYear: q.year,
      semester: collected.cover.semester,
      rows: collected.sheets.map((s) => ({ sheet: s.sheet.name, rows: s.rows.length })),
      missingSources: collected.missingSources,
      problems,
    };
  }

  async function precheck(user: SessionUser, q: RosterQuery, requestId: string) {
    assertOffice(user, q);
    const { studentIds, ...result } = await precheckSchool(schoolOf(user), q);
    await auditRead(
      db,
      { user, requestId },
      'read.submission_precheck',
      { scope: { type: 'school' }, studentIds },
      { roster: result.roster, year: q.year, semester: result.semester, problems: result.problems.length },
    );
    return result;
  }

  /** The CLI's build: recorded in the school's history without a user, built at once (no queue). */
  async function buildForSchool(school: { id: string; code: string }, q: RosterQuery) {
    const format = formatFor(q);
    const row = await repo.insertPackage(db, {
      schoolId: school.id,
      academicYear: q.year,
      semester: format.cadence === 'year' ? 0 : (q.semester as number),
      roster: format.roster,
      formatVersion: format.version,
      createdBy: null,
    });
    return build(row.id);
  }

  async function precheckXlsx(user: SessionUser, q: RosterQuery, requestId: string) {
    const result = await precheck(user, q, requestId);
    const body = await buildWorkbook([
      {
        name: '預檢結果',
        header: ['工作表', '列', '欄位', '學號', '姓名', '問題', 'Problem'],
        rows: result.problems.map((p) => [
          p.sheet,
          p.row,
          p.column ?? '',
          p.studentNo ?? '',
          p.studentName ?? '',
          p.message['zh-TW'],
          p.message.en,
        ]),
      },
    ]);
    return { filename: `預檢_${result.roster}_${q.year}-${result.semester}.xlsx`, body };
  }

  /** Queues the build of a package after a quick pre-check (files checked by size; the build re-hashes). */
  async function requestBuild(user: SessionUser, q: RosterQuery, requestId: string) {
    const format = assertOffice(user, q);
    const school = schoolOf(user);
    const collected = await collectRoster(db, {
      schoolId: school.id,
      schoolCode: school.code,
      academicYear: q.year,
      semester: q.semester,
      roster: q.roster,
    });
    await checkFiles(collected, blobs, 'stat');
    const problems = precheckRoster(collected, precheckContext(now(), q.year));
    if (problems.length > 0) throw new AppError('SUBMISSION_PRECHECK_FAILED', { count: problems.length });
    return db.transaction(async (tx) => {
      const row = await repo.insertPackage(tx, {
        schoolId: school.id,
        academicYear: q.year,
        semester: collected.cover.semester,
        roster: format.roster,
        formatVersion: format.version,
        createdBy: user.id,
      });
      await enqueue(tx, BUILD_JOB, { packageId: row.id });
      await insertAudit(tx, {
        action: 'submission.requested',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'submissionPackage',
        targetId: row.id,
        requestId,
        details: { roster: format.roster, year: q.year, semester: collected.cover.semester },
      });
      return toView(row, user.displayName);
    });
  }

  /**
   * Builds a queued package (the job, and the CLI): gathers the rows again, writes the zip re-hashing
   * every file, stores it as a blob, and in one transaction freezes the items and marks it built. A
   * stored file whose bytes no longer match its digest fails the build, naming the file.
   */
  async function build(packageId: string) {
    const pkg = await repo.packageById(db, packageId);
    if (!pkg || pkg.status === 'built') return pkg;
    await repo.markBuilding(db, packageId);
    const collected = await collectRoster(db, {
      schoolId: pkg.schoolId,
      schoolCode: await repo.schoolCodeOf(db, pkg.schoolId),
      academicYear: pkg.academicYear,
      semester: pkg.semester || undefined,
      roster: pkg.roster,
    });
    const key = await signingKeyOf(db, pkg.schoolId, deps.secret);
    await fs.mkdir(deps.incomingDir, { recursive: true });
    const file = path.join(deps.incomingDir, `package-${randomBytes(8).toString('hex')}.zip`);
    try {
      const builtAt = now();
      // Taken before the package is written: writePackage lets the rows go once the workbook is out.
      const items = snapshotsOf(collected, packageId, pkg.schoolId);
      const studentIds = studentsOf(collected);
      const result = await writePackage({
        collected,
        blobs,
        key,
        file,
        createdAt: builtAt,
        onProgress: (done, total) => repo.setProgress(db, packageId, done, total),
        credentialsFor: (outcomeIds) =>
          outcomeCredentialJwts(
            db,
            outcomeIds,
            deps.provenance ? { secret: deps.secret, baseUrl: deps.provenance.baseUrl, now } : null,
          ),
      });
      // The digest was taken as the zip streamed out: no second read of the package.
      const digest = { sha256: result.sha256, size: result.size };
      await blobs.putFile(file, digest);
      await db.transaction(async (tx) => {
        await repo.recordBlob(tx, digest.sha256, digest.size);
        await repo.insertSnapshots(tx, items);
        await repo.markBuilt(tx, packageId, {
          sha256: digest.sha256,
          size: digest.size,
          manifest: result.manifest as unknown as Record<string, unknown>,
          signature: result.signature,
          studentIds,
          builtAt,
        });
      });
      return repo.packageById(db, packageId);
    } catch (e) {
      await fs.rm(file, { force: true });
      if (e instanceof CorruptFileError || e instanceof AppError) {
        await repo.markFailed(db, packageId, e.message);
        return repo.packageById(db, packageId);
      }
      throw e;
    }
  }

  function toView(row: repo.PackageRow, createdBy: string | null) {
    return {
      id: row.id,
      academicYear: row.academicYear,
      semester: row.semester,
      roster: row.roster,
      formatVersion: row.formatVersion,
      status: row.status,
      progressDone: row.progressDone,
      progressTotal: row.progressTotal,
      error: row.error,
      createdAt: row.createdAt,
      builtAt: row.builtAt,
      sha256: row.sha256,
      size: row.size,
      createdBy,
    };
  }

  async function history(user: SessionUser) {
    return repo.listPackages(db, schoolOf(user).id);
  }

  async function get(user: SessionUser, id: string) {
    const row = await repo.packageOfSchool(db, schoolOf(user).id, id);
    if (!row) throw new AppError('NOT_FOUND');
    return toView(row, null);
  }

  /** The package's bytes (audited as a read of every student in it). */
  async function download(user: SessionUser, id: string, requestId: string) {
    const row = await repo.packageOfSchool(db, schoolOf(user).id, id);
    if (!row) throw new AppError('NOT_FOUND');
    assertOffice(user, { roster: row.roster, year: row.academicYear, semester: row.semester || 1 });
    if (row.status !== 'built' || !row.sha256) throw new AppError('SUBMISSION_NOT_BUILT');
    await auditRead(
      db,
      { user, requestId },
      'read.submission_package',
      { scope: { type: 'school' }, studentIds: row.studentIds ?? [] },
      { packageId: row.id, roster: row.roster, year: row.academicYear, semester: row.semester },
    );
    const stream: Readable = await blobs.open(row.sha256);
    const code = schoolOf(user).code;
    return {
      stream,
      size: row.size ?? 0,
      filename: `${code}_${row.academicYear}_${row.semester}_${row.roster}_${row.sha256.slice(0, 8)}.zip`,
    };
  }

  async function publicKey(user: SessionUser) {
    const key = await signingKeyOf(db, schoolOf(user).id, deps.secret);
    return { algorithm: 'Ed25519' as const, publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
  }

  function rosters(user: SessionUser) {
    return currentRosterFormats().map((f) => ({
      roster: f.roster,
      version: f.version,
      title: f.title,
      cadence: f.cadence,
      office: f.office,
      mine: user.roles.includes(f.office),
      sheets: f.sheets.map((s) => s.name),
    }));
  }

  const jobs: Record<string, JobHandler> = {
    [BUILD_JOB]: async (payload) => {
      await build(String(payload.packageId));
    },
  };

  return {
    precheck,
    precheckSchool,
    buildForSchool,
    precheckXlsx,
    requestBuild,
    build,
    history,
    get,
    download,
    publicKey,
    rosters,
    jobs,
  };
}
