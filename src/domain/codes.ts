/** Code lists of the exchange rosters (SPEC.md §4.2, 名冊 templates). */

/** 幹部等級. */
export const CADRE_LEVELS: Record<number, { 'zh-TW': string; en: string }> = {
  1: { 'zh-TW': '校級', en: 'school' },
  2: { 'zh-TW': '班級', en: 'class' },
  3: { 'zh-TW': '社團', en: 'club' },
  4: { 'zh-TW': '實習', en: 'internship' },
  5: { 'zh-TW': '其他', en: 'other' },
};

/** 學籍狀態 of a student; 轉出 and 畢業 disable the student's account (kept, not deleted). */
export const STUDENT_STATUSES = ['在學', '休學', '轉出', '轉入', '畢業'] as const;
export type StudentStatus = (typeof STUDENT_STATUSES)[number];
export const STATUSES_THAT_DISABLE_ACCOUNT: readonly StudentStatus[] = ['轉出', '畢業'];

/** 性別 as written in SIS exports → stored code. */
export const GENDERS: Record<string, 'M' | 'F' | 'X'> = {
  男: 'M',
  M: 'M',
  '1': 'M',
  女: 'F',
  F: 'F',
  '2': 'F',
  其他: 'X',
  X: 'X',
};
