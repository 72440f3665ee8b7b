/** Strings of 教務處's audit page, in both languages; spread into zh-TW.ts and en.ts. */
import { AUDIT_ACTION_LABELS } from '../../domain/audit-actions.js';

/** i18next reads dots as nesting: an action code's key is the code with `__` for its dot. */
export const auditActionKey = (action: string) => `audit.actions.${action.replaceAll('.', '__')}`;

const actions = (lang: 'zh-TW' | 'en') =>
  Object.fromEntries(
    Object.entries(AUDIT_ACTION_LABELS).map(([code, label]) => [code.replaceAll('.', '__'), label[lang]]),
  ) as Record<string, string>;

export const zhAudit = {
  audit: {
    title: '稽核紀錄',
    intro:
      '誰在何時看過或變更了哪些資料。教職員與家長每次檢視他人的資料都會留下一筆紀錄；名單類頁面（班級名冊、待認證清單、總覽）每次檢視一筆，並列出畫面上的學生。本頁唯讀，查詢本身也會被記錄。',
    student: '學生（學號）',
    actor: '操作者（帳號）',
    action: '動作',
    anyAction: '全部動作',
    from: '開始日期',
    to: '結束日期',
    search: '查詢',
    export: '匯出 Excel',
    count: '共 {{count}} 筆',
    at: '時間',
    who: '操作者',
    what: '動作',
    target: '對象',
    students: '涉及學生',
    studentsCount: '{{count}} 位學生',
    details: '細節',
    none: '沒有符合條件的紀錄',
    targetTypes: {
      student: '學生',
      class: '班級',
      course: '課程',
      file: '檔案',
      outcome: '課程學習成果',
      school: '全校',
      user: '帳號',
    } as Record<string, string>,
    actions: actions('zh-TW'),
  },
};

export const enAudit: typeof zhAudit = {
  audit: {
    title: 'Audit log',
    intro:
      'Who saw or changed which data, and when. Every time staff or a parent views another person’s data a row is written; a list (a class roster, the certification queue, an overview) writes one row per view naming the students it showed. This page is read-only, and searching it is recorded too.',
    student: 'Student (student no.)',
    actor: 'Actor (username)',
    action: 'Action',
    anyAction: 'All actions',
    from: 'From',
    to: 'To',
    search: 'Search',
    export: 'Export to Excel',
    count: '{{count}} entries',
    at: 'Time',
    who: 'Actor',
    what: 'Action',
    target: 'Target',
    students: 'Students',
    studentsCount: '{{count}} students',
    details: 'Details',
    none: 'No matching entries',
    targetTypes: {
      student: 'Student',
      class: 'Class',
      course: 'Course',
      file: 'File',
      outcome: 'Course outcome',
      school: 'Whole school',
      user: 'Account',
    },
    actions: actions('en'),
  },
};
