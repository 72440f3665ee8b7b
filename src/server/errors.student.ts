/**
 * The error codes of the student's own work (outcome forms, drafts), part of the one error table in
 * errors.ts. A form's problems are answered together: the first as the code, all in `details`.
 */
import type { ErrorDef } from './errors.js';

export const STUDENT_ERRORS = {
  OUTCOME_TITLE_REQUIRED: {
    status: 400,
    'zh-TW': '請填寫標題',
    en: 'Enter a title',
  },
  OUTCOME_SUMMARY_REQUIRED: {
    status: 400,
    'zh-TW': '請填寫簡述',
    en: 'Enter a summary',
  },
  OUTCOME_DOCUMENT_REQUIRED: {
    status: 400,
    'zh-TW': '請附上成果文件（pdf/jpg/png）',
    en: 'Attach the outcome document (pdf/jpg/png)',
  },
  OUTCOME_COURSE_REQUIRED: {
    status: 400,
    'zh-TW': '請選擇課程',
    en: 'Choose a course',
  },
} satisfies Record<string, ErrorDef>;
