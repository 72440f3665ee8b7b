import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { importKind } from '../imports/kinds/index.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { EXPORT_QUERIES } from './exports.repo.js';

export type ExportService = ReturnType<typeof createExportService>;

/**
 * Exports of the master data as xlsx, in exactly the layout of the import of the same kind (headers
 * from the kind's fields), so export → edit → import round-trips. Staff may export what they may import.
 */
export function createExportService(deps: { db: Db }) {
  async function exportKind(user: SessionUser, kindName: string, requestId: string) {
    const kind = importKind(kindName);
    const query = EXPORT_QUERIES[kindName];
    if (!kind || !query) throw new AppError('NOT_FOUND');
    if (!user.school || !kind.roles.some((r) => user.roles.includes(r))) throw new AppError('FORBIDDEN');
    const rows = await query(deps.db, user.school.id);
    const fields = kind.fields.filter((f) => rows.length === 0 || f.key in (rows[0] as object));
    await insertAudit(deps.db, {
      action: 'export.downloaded',
      schoolId: user.school.id,
      actorUserId: user.id,
      requestId,
      details: { kind: kind.kind, rows: rows.length },
    });
    const body = await buildWorkbook([
      {
        name: kind.title['zh-TW'],
        header: fields.map((f) => f.headers[0] as string),
        rows: rows.map((r) => fields.map((f) => r[f.key] ?? null)),
      },
    ]);
    const date = new Date().toISOString().slice(0, 10);
    return { filename: `${user.school.code}-${kind.title['zh-TW']}-${date}.xlsx`, body };
  }
  return { exportKind };
}
