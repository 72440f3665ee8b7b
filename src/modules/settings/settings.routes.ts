import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SELECTION_WINDOW_MODES } from '../../domain/school-settings.js';
import { sessionOf } from '../../server/access.js';
import type { SettingsService } from './settings.service.js';

const ZSettings = z.object({
  selectionOutcomesMax: z.number().int(),
  selectionPerformancesMax: z.number().int(),
  outcomesPerSemester: z.number().int(),
  outcomesPerCourse: z.number().int(),
  selectionWindowMode: z.enum(SELECTION_WINDOW_MODES),
});
const ZAnswer = z.object({ settings: ZSettings, updatedAt: z.date().nullable() });

/** 學校設定: 教務處 reads and changes; 學務處 reads (it sets the performance selection window). */
export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (
  app,
  { settings },
) => {
  app.get(
    '/api/v1/school-settings',
    {
      config: { access: { roles: ['academicAdmin', 'studentAffairs'] } },
      schema: {
        tags: ['settings'],
        summary: 'The school settings: selection and outcome limits, selection window mode',
        response: { 200: ZAnswer },
      },
    },
    async (request) => settings.get(sessionOf(request).user),
  );

  app.put(
    '/api/v1/school-settings',
    {
      config: { access: { roles: ['academicAdmin'] } },
      schema: {
        tags: ['settings'],
        summary: 'Changes the school settings (audited)',
        body: ZSettings,
        response: { 200: ZAnswer },
      },
    },
    async (request) => settings.update(sessionOf(request).user, request.body, request.id),
  );
};
