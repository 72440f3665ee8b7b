import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import type { ExportService } from './exports.service.js';
import {
  ZChildren,
  ZClasses,
  ZCourseList,
  ZCourseListQuery,
  ZIdParams,
  ZRoster,
  ZStudentList,
  ZStudentListQuery,
  ZStudentRecord,
  ZTerms,
} from './masterdata.schemas.js';
import type { MasterdataService } from './masterdata.service.js';

const OFFICES = ['academicAdmin', 'studentAffairs'] as const;

/** Students, classes, courses and terms of a school; a student's own record; exports. */
export const masterdataRoutes: FastifyPluginAsyncZod<{
  masterdata: MasterdataService;
  exports: ExportService;
}> = async (app, { masterdata, exports }) => {
  app.get(
    '/api/v1/students',
    {
      config: { access: { roles: [...OFFICES, 'counselor'] } },
      schema: {
        tags: ['master data'],
        summary: 'Search, filter, sort and page the students',
        querystring: ZStudentListQuery,
        response: { 200: ZStudentList },
      },
    },
    async (request) => masterdata.listStudents(sessionOf(request).user, request.query, request.id),
  );

  app.get(
    '/api/v1/students/:id/record',
    {
      schema: {
        tags: ['master data'],
        summary:
          "A student's 基本資料, 修課紀錄 and cadre records (self, parent, homeroom, offices, counsellor)",
        params: ZIdParams,
        response: { 200: ZStudentRecord },
      },
    },
    async (request) => masterdata.studentRecord(sessionOf(request).user, request.params.id, request.id),
  );

  app.get(
    '/api/v1/me/record',
    {
      config: { access: { roles: ['student'] } },
      schema: {
        tags: ['master data'],
        summary: "The signed-in student's own record",
        response: { 200: ZStudentRecord },
      },
    },
    async (request) => masterdata.myRecord(sessionOf(request).user, request.id),
  );

  app.get(
    '/api/v1/me/children',
    {
      config: { access: { roles: ['parent'] } },
      schema: {
        tags: ['master data'],
        summary: "The signed-in parent's children",
        response: { 200: ZChildren },
      },
    },
    async (request) => masterdata.myChildren(sessionOf(request).user, request.id),
  );

  app.get(
    '/api/v1/classes',
    {
      config: { access: { roles: [...OFFICES, 'accountAdmin', 'counselor', 'homeroom'] } },
      schema: {
        tags: ['master data'],
        summary: 'Classes (homeroom teachers: their own)',
        response: { 200: ZClasses },
      },
    },
    async (request) => masterdata.listClasses(sessionOf(request).user),
  );

  app.get(
    '/api/v1/classes/:id/roster',
    {
      config: { access: { roles: [...OFFICES, 'homeroom'] } },
      schema: {
        tags: ['master data'],
        summary: 'Class roster (homeroom teacher of the class, offices)',
        params: ZIdParams,
        response: { 200: ZRoster },
      },
    },
    async (request) => masterdata.roster(sessionOf(request).user, request.params.id, request.id),
  );

  app.get(
    '/api/v1/courses',
    {
      config: { access: { roles: ['academicAdmin'] } },
      schema: {
        tags: ['master data'],
        summary: 'Courses with decoded course codes',
        querystring: ZCourseListQuery,
        response: { 200: ZCourseList },
      },
    },
    async (request) => masterdata.listCourses(sessionOf(request).user, request.query),
  );

  app.get(
    '/api/v1/terms',
    {
      config: { access: { roles: [...OFFICES, 'accountAdmin', 'counselor', 'teacher', 'homeroom'] } },
      schema: { tags: ['master data'], summary: "The school's terms", response: { 200: ZTerms } },
    },
    async (request) => masterdata.listTerms(sessionOf(request).user),
  );

  app.get(
    '/api/v1/exports/:kind',
    {
      config: { access: { roles: [...OFFICES] } },
      schema: {
        tags: ['master data'],
        summary: 'Export as xlsx in the import layout (formula-like text neutralised)',
        params: z.object({ kind: z.string().max(40) }),
      },
    },
    async (request, reply) =>
      sendDownload(reply, await exports.exportKind(sessionOf(request).user, request.params.kind, request.id)),
  );
};
