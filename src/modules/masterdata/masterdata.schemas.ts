import { z } from 'zod';
import { STUDENT_STATUSES } from '../../domain/codes.js';

export const ZStudentListQuery = z
  .object({
    q: z.string().trim().max(50).optional(),
    classId: z.uuid().optional(),
    grade: z.coerce.number().int().min(10).max(12).optional(),
    status: z.enum(STUDENT_STATUSES).optional(),
    sort: z.enum(['studentNo', 'name', 'class']).default('class'),
    order: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const ZStudentBasic = z.object({
  id: z.uuid(),
  studentNo: z.string(),
  name: z.string(),
  /** Always masked here (A12****789). */
  nationalId: z.string(),
  gender: z.string(),
  entryYear: z.number().int(),
  className: z.string().nullable(),
  grade: z.number().int().nullable(),
  seatNo: z.number().int().nullable(),
  status: z.enum(STUDENT_STATUSES),
});

export const ZStudentList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZStudentBasic.extend({ hasAccount: z.boolean() })),
});

export const ZIdParams = z.object({ id: z.uuid() });

const ZCourseLine = z.object({
  code: z.string(),
  name: z.string(),
  credits: z.number().int(),
  grade: z.number().int(),
  teachers: z.array(z.string()),
  rawScore: z.string().nullable(),
  passed: z.boolean().nullable(),
  makeupScore: z.string().nullable(),
  makeupPassed: z.boolean().nullable(),
  creditCounted: z.boolean().nullable(),
  qualitative: z.string().nullable(),
  /** Credits earned: passed (or passed the make-up) and counted. */
  earned: z.boolean(),
});

export const ZStudentRecord = z.object({
  access: z.enum(['self', 'parent', 'homeroom', 'office', 'counselor']),
  student: ZStudentBasic.extend({
    birthDate: z.string(),
    department: z.string().nullable(),
    statusSince: z.string().nullable(),
  }),
  terms: z.array(
    z.object({
      academicYear: z.number().int(),
      semester: z.number().int(),
      credits: z.number().int(),
      earnedCredits: z.number().int(),
      courses: z.array(ZCourseLine),
    }),
  ),
  cadre: z.array(
    z.object({
      academicYear: z.number().int(),
      semester: z.number().int(),
      unit: z.string(),
      position: z.string(),
      level: z.number().int(),
      startsOn: z.string(),
      endsOn: z.string().nullable(),
    }),
  ),
  /** 缺勤紀錄 (名冊別 3), by term. */
  absences: z.array(
    z.object({
      academicYear: z.number().int(),
      semester: z.number().int(),
      kindCode: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      periods: z.number().int(),
    }),
  ),
  /** 重修重讀成績 (名冊別 6), by the term they were given in. */
  retakes: z.array(
    z.object({
      academicYear: z.number().int(),
      semester: z.number().int(),
      mode: z.enum(['retake', 'reread']),
      courseYear: z.number().int(),
      courseSemester: z.number().int(),
      courseCode: z.string(),
      courseGrade: z.number().int(),
      credits: z.number().int(),
      method: z.number().int().nullable(),
      score: z.string().nullable(),
      passed: z.boolean().nullable(),
      makeupScore: z.string().nullable(),
      makeupPassed: z.boolean().nullable(),
      creditCounted: z.boolean().nullable(),
      qualitative: z.string().nullable(),
    }),
  ),
});
export type TStudentRecord = z.infer<typeof ZStudentRecord>;

export const ZChildren = z.array(
  z.object({ id: z.uuid(), name: z.string(), studentNo: z.string(), relation: z.string() }),
);

export const ZClasses = z.array(
  z.object({
    id: z.uuid(),
    academicYear: z.number().int(),
    grade: z.number().int(),
    department: z.string(),
    name: z.string(),
    homeroomName: z.string().nullable(),
    students: z.number().int(),
  }),
);

export const ZRoster = z.object({
  class: z.object({
    id: z.uuid(),
    name: z.string(),
    grade: z.number().int(),
    department: z.string(),
    academicYear: z.number().int(),
  }),
  students: z.array(
    z.object({
      id: z.uuid(),
      seatNo: z.number().int().nullable(),
      studentNo: z.string(),
      name: z.string(),
      gender: z.string(),
      status: z.enum(STUDENT_STATUSES),
      hasAccount: z.boolean(),
    }),
  ),
});

export const ZCourseListQuery = z
  .object({
    termId: z.uuid().optional(),
    q: z.string().trim().max(50).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ZCourseList = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      academicYear: z.number().int(),
      semester: z.number().int(),
      code: z.string(),
      name: z.string(),
      credits: z.number().int(),
      grade: z.number().int(),
      teachers: z.array(z.string()),
      enrolled: z.number().int(),
      /** Decoded course code: category (課程類別) and subject attribute (科目屬性). */
      category: z.string(),
      attribute: z.string(),
    }),
  ),
});

export const ZTerms = z.array(
  z.object({
    id: z.uuid(),
    academicYear: z.number().int(),
    semester: z.number().int(),
    startsOn: z.string(),
    endsOn: z.string(),
  }),
);
