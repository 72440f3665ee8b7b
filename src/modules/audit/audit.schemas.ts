import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit-actions.js';

const ZDate = z.iso.date();

/** The audit view's filters; dates are Taiwan days, both ends included. */
export const ZAuditQuery = z
  .object({
    studentId: z.uuid().optional(),
    studentNo: z.string().trim().min(1).max(20).optional(),
    actor: z.string().trim().min(1).max(100).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
    /** Rows up to this id only: later pages of one search pass the first page's `maxId`, so rows written
     * since (this search's own among them) do not shift them. */
    maxId: z.coerce.number().int().min(0).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.date(),
  action: z.string(),
  actorUsername: z.string().nullable(),
  actorName: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  studentCount: z.number().int(),
  studentLabel: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const ZAuditList = z.object({
  total: z.number().int(),
  /** The newest row this search covers (pass it back as `maxId` for its other pages). */
  maxId: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZAuditEntry),
});
