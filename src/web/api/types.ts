/** API response types, taken from the server's zod schemas (type-only: nothing server-side is bundled). */
import type { z } from 'zod';
import type { ZAccountList } from '../../modules/accounts/accounts.schemas.js';
import type { ZAuditList } from '../../modules/audit/audit.schemas.js';
import type { ZBatches, ZKinds, ZPreviewResponse, ZReport } from '../../modules/imports/imports.schemas.js';
import type {
  ZChildren,
  ZClasses,
  ZCourseList,
  ZRoster,
  ZStudentList,
  ZStudentRecord,
  ZTerms,
} from '../../modules/masterdata/masterdata.schemas.js';

import type { ZSchedule, ZWindowList } from '../../modules/windows/windows.schemas.js';

export type { TMe as Me } from '../../modules/auth/auth.schemas.js';

// Dates arrive as ISO strings over JSON.
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type StudentRecord = Json<z.infer<typeof ZStudentRecord>>;
export type StudentList = Json<z.infer<typeof ZStudentList>>;
export type Children = Json<z.infer<typeof ZChildren>>;
export type Classes = Json<z.infer<typeof ZClasses>>;
export type Roster = Json<z.infer<typeof ZRoster>>;
export type CourseList = Json<z.infer<typeof ZCourseList>>;
export type Terms = Json<z.infer<typeof ZTerms>>;
export type ImportKinds = Json<z.infer<typeof ZKinds>>;
export type ImportReport = Json<z.infer<typeof ZReport>>;
export type ImportPreview = Json<z.infer<typeof ZPreviewResponse>>;
export type ImportBatches = Json<z.infer<typeof ZBatches>>;
export type AccountList = Json<z.infer<typeof ZAccountList>>;
export type WindowList = Json<z.infer<typeof ZWindowList>>;
export type Schedule = Json<z.infer<typeof ZSchedule>>;

export interface CounsellingRecord {
  id: string;
  kind: 'individual' | 'group';
  startsAt: string;
  endsAt: string;
  title: string;
  place: string;
  summary: string;
  counselorName: string;
  attachmentName: string | null;
  /** Written by the caller. */
  own: boolean;
  students: { id: string; name: string; studentNo: string }[];
}
export type AuditList = Json<z.infer<typeof ZAuditList>>;
