import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CODE_DOMAINS } from '../../domain/code-tables.js';
import { sessionOf } from '../../server/access.js';
import type { CodesService } from './codes.service.js';

const OFFICES = ['academicAdmin', 'studentAffairs'] as const;
const ZLabel = z.object({ 'zh-TW': z.string(), en: z.string() });
const ZEntry = z.object({
  id: z.uuid().optional(),
  code: z.string(),
  label: ZLabel,
  group: z.string().optional(),
  source: z.enum(['official', 'subset', 'school']),
  disabled: z.boolean().optional(),
});
const ZTables = z.object({
  competitionField: z.array(ZEntry),
  certificate: z.array(ZEntry),
  cadreLevel: z.array(ZEntry),
  absenceKind: z.array(ZEntry),
} satisfies Record<(typeof CODE_DOMAINS)[number], unknown>);
const ZChanged = z.object({
  id: z.uuid(),
  domain: z.enum(CODE_DOMAINS),
  code: z.string(),
  disabled: z.boolean(),
});

/** Code tables (競賽領域代碼, 證照代碼, 幹部等級, 缺勤種類代碼): read by the school, extended by the offices. */
export const codesRoutes: FastifyPluginAsyncZod<{ codes: CodesService }> = async (app, { codes }) => {
  app.get(
    '/api/v1/codes',
    {
      schema: {
        tags: ['codes'],
        summary: "The school's code tables: platform entries and the school's own (disabled ones marked)",
        response: { 200: ZTables },
      },
    },
    async (request) => codes.tables(sessionOf(request).user),
  );

  app.post(
    '/api/v1/codes',
    {
      config: { access: { roles: [...OFFICES] } },
      schema: {
        tags: ['codes'],
        summary: 'Add a school code to a table (audited)',
        body: z.object({
          domain: z.enum(CODE_DOMAINS),
          code: z.string().trim().min(1).max(20),
          label: z.string().trim().min(1).max(60),
          labelEn: z.string().trim().max(100).nullish(),
          group: z.string().trim().max(4).nullish(),
        }),
        response: { 200: ZChanged },
      },
    },
    async (request) => codes.add(sessionOf(request).user, request.body, request.id),
  );

  app.put(
    '/api/v1/codes/:id',
    {
      config: { access: { roles: [...OFFICES] } },
      schema: {
        tags: ['codes'],
        summary: 'Disable or enable a school code (audited); platform codes are not changed here',
        params: z.object({ id: z.uuid() }),
        body: z.object({ disabled: z.boolean() }),
        response: { 200: ZChanged },
      },
    },
    async (request) =>
      codes.setDisabled(sessionOf(request).user, request.params.id, request.body.disabled, request.id),
  );
};
