import { z } from 'zod';

export const ZKindParams = z.object({ kind: z.string().min(1).max(40) });
export const ZBatchParams = z.object({ id: z.uuid() });

export const ZPreviewQuery = z
  .object({
    filename: z.string().trim().min(1).max(200).default('upload'),
    encoding: z.enum(['utf-8', 'big5']).optional(),
    academicYear: z.coerce.number().int().min(100).max(200).optional(),
    semester: z.coerce.number().int().min(1).max(2).optional(),
  })
  .strict();

const ZProblem = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  code: z.string(),
  message: z.string(),
});

export const ZReport = z.object({
  kind: z.string(),
  mode: z.enum(['dry-run', 'commit']),
  committed: z.boolean(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.enum(['utf-8', 'big5']).optional(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(ZProblem),
  warnings: z.array(ZProblem),
});

export const ZPreviewResponse = z.object({ batchId: z.uuid(), report: ZReport });

export const ZKinds = z.array(
  z.object({
    kind: z.string(),
    title: z.object({ 'zh-TW': z.string(), en: z.string() }),
    fields: z.array(
      z.object({ key: z.string(), header: z.string(), aliases: z.array(z.string()), required: z.boolean() }),
    ),
  }),
);

export const ZBatches = z.array(
  z.object({
    id: z.uuid(),
    kind: z.string(),
    filename: z.string(),
    size: z.number().int(),
    status: z.enum(['previewed', 'committed']),
    createdAt: z.date(),
    committedAt: z.date().nullable(),
    rows: z.number().int(),
    problemCount: z.number().int(),
  }),
);
