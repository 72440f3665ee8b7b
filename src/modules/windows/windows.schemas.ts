/** zod schemas of the windows routes: the whitelist of what arrives and what leaves (and the OpenAPI shape). */
import { z } from 'zod';
import { WINDOW_KINDS } from '../../domain/windows.js';

export const ZKind = z.enum(WINDOW_KINDS);
const ZYear = z.coerce.number().int().min(100).max(200);
const ZGrade = z.number().int().min(10).max(12);

export const ZWindowsQuery = z
  .object({ academicYear: ZYear.optional(), termId: z.uuid().optional() })
  .strict();

export const ZSetWindowBody = z
  .object({
    kind: ZKind,
    termId: z.uuid().nullable().optional(),
    academicYear: ZYear.nullable().optional(),
    grade: ZGrade.nullable().optional(),
    opensAt: z.coerce.date().optional(),
    closesAt: z.coerce.date().optional(),
    closingCeremony: z.iso.date().nullable().optional(),
  })
  .strict();

export const ZChangeWindowBody = z
  .object({
    opensAt: z.coerce.date().optional(),
    closesAt: z.coerce.date().optional(),
    closingCeremony: z.iso.date().nullable().optional(),
  })
  .strict();

export const ZExtendBody = z
  .object({
    closesAt: z.coerce.date(),
    reason: z.string().trim().min(1).max(200),
    studentId: z.uuid().nullable().optional(),
  })
  .strict();

export const ZWindow = z.object({
  id: z.uuid(),
  kind: ZKind,
  termId: z.uuid().nullable(),
  academicYear: z.number(),
  grade: z.number().nullable(),
  opensAt: z.date(),
  closesAt: z.date(),
  closingCeremony: z.string().nullable(),
  updatedAt: z.date(),
});

export const ZSavedWindow = z.object({ window: ZWindow, warning: z.boolean() });

export const ZExtension = z.object({
  id: z.uuid(),
  windowId: z.uuid(),
  studentId: z.uuid().nullable(),
  studentName: z.string().nullable(),
  studentNo: z.string().nullable(),
  closesAt: z.date(),
  reason: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
});

const ZState = z.enum(['upcoming', 'open', 'grace', 'closed']);

export const ZWindowList = z.object({
  academicYear: z.number(),
  termId: z.uuid().nullable(),
  /** The kinds the caller's office sets (the others are shown read-only). */
  settableKinds: z.array(ZKind),
  windows: z.array(
    ZWindow.extend({
      semester: z.number().nullable(),
      updatedByName: z.string().nullable(),
      /** The latest school-wide extension. */
      extendedTo: z.date().nullable(),
      effectiveClosesAt: z.date(),
      state: ZState,
      editable: z.boolean(),
      extensions: z.array(ZExtension),
    }),
  ),
});

export const ZScheduleQuery = z.object({ academicYear: ZYear.optional() }).strict();

export const ZSchedule = z
  .object({
    academicYear: z.number(),
    now: z.date().describe('server time the states were computed at'),
    entries: z.array(
      z.object({
        windowId: z.uuid(),
        kind: ZKind,
        academicYear: z.number(),
        termId: z.uuid().nullable().describe('term windows (upload, certification); null for year windows'),
        semester: z.number().nullable(),
        grade: z.number().nullable().describe('null: every grade; else this grade’s own window'),
        opensAt: z.date(),
        closesAt: z.date().describe('the window’s own close'),
        closingCeremony: z.string().nullable(),
        extendedTo: z.date().nullable().describe('latest extension that applies to this entry'),
        effectiveClosesAt: z.date().describe('close after the extensions that apply'),
        state: ZState.describe('upcoming | open | grace (uploads begun inside may finish) | closed'),
        studentId: z
          .uuid()
          .nullable()
          .describe('whom the entry is for (own record or a child); null: school'),
        studentName: z.string().nullable(),
        as: z.enum(['student', 'parent', 'teacher', 'homeroom', 'office']),
        studentExtensions: z.number().nullable().describe('offices: students with their own extension'),
      }),
    ),
  })
  .describe('Every window of the academic year that concerns the caller, with its state');
