/**
 * 23-character course code (課程代碼, SPEC.md §2 glossary). Positions are 1-based as in the glossary.
 */

export const COURSE_CATEGORIES: Record<string, string> = {
  '1': '部定必修',
  '2': '校訂必修',
  '3': '加深加廣選修',
  '4': '補強性選修',
  '5': '多元選修',
  '7': '校訂選修',
  '8': '團體活動時間',
  '9': '彈性學習時間',
  A: '其他',
  B: '其他',
  C: '其他',
  D: '其他',
  E: '其他',
  F: '其他',
};

export const SUBJECT_ATTRIBUTES: Record<string, string> = {
  '1': '一般科目',
  '2': '專業科目',
  '3': '實習科目',
  A: '自主學習',
};

export interface CourseCodeParts {
  entryYear: number;
  schoolCode: string;
  courseType: string;
  group: string;
  department: string;
  classGroup: string;
  category: string;
  offeringMode: string;
  subjectAttribute: string;
  domain: string;
  serial: string;
}

/** Decodes a course code, or returns the reason it is malformed (an English identifier). */
export function parseCourseCode(
  input: string,
):
  | { ok: true; parts: CourseCodeParts }
  | { ok: false; reason: 'length' | 'charset' | 'entryYear' | 'category' } {
  const code = input.trim().toUpperCase();
  if (code.length !== 23) return { ok: false, reason: 'length' };
  if (!/^[0-9A-Z]{23}$/.test(code)) return { ok: false, reason: 'charset' };
  if (!/^\d{3}$/.test(code.slice(0, 3))) return { ok: false, reason: 'entryYear' };
  const at = (from: number, to = from) => code.slice(from - 1, to);
  const category = at(17);
  if (!(category in COURSE_CATEGORIES)) return { ok: false, reason: 'category' };
  return {
    ok: true,
    parts: {
      entryYear: Number(at(1, 3)),
      schoolCode: at(4, 9),
      courseType: at(10),
      group: at(11, 12),
      department: at(13, 15),
      classGroup: at(16),
      category,
      offeringMode: at(18),
      subjectAttribute: at(19),
      domain: at(20, 21),
      serial: at(22, 23),
    },
  };
}
