import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Role } from '../../domain/roles.js';
import { AppError, type Lang } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { type ImportReport, runImport } from './engine.js';
import * as repo from './imports.repo.js';
import type { ImportKind } from './kind.js';
import { IMPORT_KINDS, importKind } from './kinds/index.js';
import { type Problem, problemMessage } from './problems.js';
import type { CsvEncoding } from './readers.js';
import { importTemplate } from './xlsx.js';

export type ImportService = ReturnType<typeof createImportService>;

const canRun = (roles: Role[], kind: ImportKind) => kind.roles.some((r) => roles.includes(r));

/** The school of a staff caller, and the kind, if the caller may run it. */
function authorise(user: SessionUser, kindName: string): { kind: ImportKind; schoolId: string } {
  const kind = importKind(kindName);
  if (!kind) throw new AppError('IMPORT_UNKNOWN_KIND', { kind: kindName });
  if (!user.school || !canRun(user.roles, kind)) throw new AppError('FORBIDDEN');
  return { kind, schoolId: user.school.id };
}

/** A report with every problem's message in the caller's language. */
export function presentReport(report: ImportReport, lang: Lang) {
  const withMessage = (p: Problem) => ({ ...p, message: problemMessage(p, lang) });
  return {
    ...report,
    problems: report.problems.map(withMessage),
    warnings: report.warnings.map(withMessage),
  };
}

/**
 * Upload → dry-run preview → commit. The uploaded bytes are kept with the batch, so the commit applies
 * exactly the previewed file; the commit is one transaction (engine.ts) and idempotent by natural keys.
 */
export function createImportService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function preview(
    user: SessionUser,
    kindName: string,
    input: {
      buffer: Buffer;
      filename: string;
      encoding?: CsvEncoding;
      academicYear?: number;
      semester?: number;
    },
  ) {
    const { kind, schoolId } = authorise(user, kindName);
    const options = { academicYear: input.academicYear, semester: input.semester };
    const report = await runImport(db, {
      kind,
      buffer: input.buffer,
      schoolId,
      now: now(),
      commit: false,
      encoding: input.encoding,
      defaultTerm: options,
    });
    const batchId = await repo.insertBatch(db, {
      schoolId,
      kind: kind.kind,
      filename: input.filename.slice(0, 200),
      sha256: createHash('sha256').update(input.buffer).digest('hex'),
      size: input.buffer.length,
      encoding: input.encoding ?? null,
      options,
      file: input.buffer,
      report: report as unknown as Record<string, unknown>,
      createdBy: user.id,
    });
    return { batchId, report };
  }

  async function commit(user: SessionUser, batchId: string, requestId: string) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const batch = await repo.findBatch(db, user.school.id, batchId);
    if (!batch) throw new AppError('NOT_FOUND');
    const { kind, schoolId } = authorise(user, batch.kind);
    if (batch.status === 'committed') throw new AppError('IMPORT_ALREADY_COMMITTED');
    const report = await runImport(db, {
      kind,
      buffer: batch.file,
      schoolId,
      now: now(),
      commit: true,
      encoding: (batch.encoding as CsvEncoding | null) ?? undefined,
      defaultTerm: batch.options as { academicYear?: number; semester?: number },
      beforeCommit: async (tx, r) => {
        if (!(await repo.markCommitted(tx, batch.id, r as unknown as Record<string, unknown>))) {
          throw new AppError('IMPORT_ALREADY_COMMITTED');
        }
        await insertAudit(tx, {
          action: 'import.committed',
          schoolId,
          actorUserId: user.id,
          targetType: 'import_batch',
          targetId: batch.id,
          requestId,
          details: {
            kind: kind.kind,
            rows: r.rows,
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
          },
        });
      },
    });
    if (!report.committed) {
      await repo.saveReport(db, batch.id, report as unknown as Record<string, unknown>);
    }
    return report;
  }

  async function template(user: SessionUser, kindName: string) {
    const { kind } = authorise(user, kindName);
    return { filename: `${kind.title['zh-TW']}匯入範本.xlsx`, body: await importTemplate(kind) };
  }

  function kinds(user: SessionUser) {
    return IMPORT_KINDS.filter((k) => canRun(user.roles, k)).map((k) => ({
      kind: k.kind,
      title: k.title,
      fields: k.fields.map((f) => ({
        key: f.key,
        header: f.headers[0] as string,
        aliases: f.headers.slice(1),
        required: !!f.required,
      })),
    }));
  }

  async function batches(user: SessionUser) {
    if (!user.school) throw new AppError('FORBIDDEN');
    const rows = await repo.listBatches(db, user.school.id, 50);
    return rows
      .filter((b) => {
        const k = importKind(b.kind);
        return k && canRun(user.roles, k);
      })
      .map(({ report, ...b }) => ({
        ...b,
        rows: Number((report as { rows?: number } | null)?.rows ?? 0),
        problemCount: Number((report as { problemCount?: number } | null)?.problemCount ?? 0),
      }));
  }

  return { preview, commit, template, kinds, batches };
}
