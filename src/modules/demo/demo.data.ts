/**
 * The fictional demo school, generated deterministically (no I/O) relative to a day: its current term is
 * the calendar term of that day, so a demo seeded on any day has a current term with open windows and
 * grade 10–12 classes. Everything here is invented: names, student numbers and national IDs (valid
 * checksums, fictional people).
 */
import {
  type AcademicTerm,
  type CalendarDate,
  shiftTerm,
  termOf,
  termRange,
  toIsoDate,
} from '../../domain/calendar.js';
import { withCheckDigit } from '../../domain/national-id.js';
import type { Role } from '../../domain/roles.js';

export const DEMO_SCHOOL = { code: '999301', name: '示範高級工農職業學校' } as const;
/** The one password of every demo account (README lists it). */
export const DEMO_PASSWORD = 'licheng-demo';

/** The demo's current term on a (Taiwan) day: the calendar term, as for every school with the defaults. */
export const demoCurrentTerm = (today: CalendarDate): AcademicTerm => termOf(today);

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  /** 員工編號 of school staff; platform-wide accounts (central, reviewer) have none and no school. */
  staffNo?: string;
  title?: string;
}

export interface DemoClass {
  key: string;
  grade: number;
  entryYear: number;
  department: string;
  name: string;
  group: string;
  deptCode: string;
  homeroom: string;
  subjects: {
    name: string;
    category: string;
    attr: string;
    domain: string;
    credits: number;
    teacher: string;
  }[];
}

export interface DemoStudent {
  classKey: string;
  studentNo: string;
  nationalId: string;
  name: string;
  birthDate: string;
  gender: 'M' | 'F';
  entryYear: number;
  seatNo: number;
  /** Only the demo student has a friendly sign-in name; the others get the default (999301-學號). */
  username?: string;
}

export interface DemoCourse {
  classKey: string;
  term: AcademicTerm;
  code: string;
  name: string;
  credits: number;
  grade: number;
  teacher: string;
}

/** Staff accounts: one per staff role, plus the six teachers. */
export const DEMO_STAFF: DemoUser[] = [
  {
    username: 'demo-teacher',
    displayName: '陳雅婷',
    roles: ['teacher'],
    staffNo: 'T001',
    title: '國文科教師',
  },
  {
    username: 'demo-homeroom',
    displayName: '林志明',
    roles: ['teacher', 'homeroom'],
    staffNo: 'T002',
    title: '電機科教師',
  },
  {
    username: 'demo-substitute',
    displayName: '黃淑芬',
    roles: ['teacher', 'substitute'],
    staffNo: 'T003',
    title: '數學科教師',
  },
  {
    username: 'demo-teacher4',
    displayName: '張家豪',
    roles: ['teacher', 'homeroom'],
    staffNo: 'T004',
    title: '機械科教師',
  },
  {
    username: 'demo-teacher5',
    displayName: '李怡君',
    roles: ['teacher', 'homeroom'],
    staffNo: 'T005',
    title: '園藝科教師',
  },
  {
    username: 'demo-teacher6',
    displayName: '王俊傑',
    roles: ['teacher'],
    staffNo: 'T006',
    title: '英文科教師',
  },
  {
    username: 'demo-academic',
    displayName: '吳主任',
    roles: ['academicAdmin'],
    staffNo: 'A001',
    title: '教務主任',
  },
  {
    username: 'demo-affairs',
    displayName: '劉主任',
    roles: ['studentAffairs'],
    staffNo: 'A002',
    title: '學務主任',
  },
  {
    username: 'demo-counselor',
    displayName: '蔡老師',
    roles: ['counselor'],
    staffNo: 'A003',
    title: '輔導教師',
  },
  {
    username: 'demo-accounts',
    displayName: '楊組長',
    roles: ['accountAdmin'],
    staffNo: 'A004',
    title: '圖書館系統管理師',
  },
  { username: 'demo-central', displayName: '中央資料庫 管理者', roles: ['centralAdmin'] },
  { username: 'demo-reviewer', displayName: '審查委員 鄭教授', roles: ['reviewer'] },
];

const common = (teacher: string) => [
  { name: '國語文', category: '1', attr: '1', domain: '01', credits: 3, teacher },
  { name: '英語文', category: '1', attr: '1', domain: '02', credits: 2, teacher: 'demo-teacher6' },
  { name: '數學', category: '1', attr: '1', domain: '03', credits: 3, teacher: 'demo-substitute' },
];

/** The classes as of 115學年度; demoClasses() moves their entry years to the current year. */
const CLASSES_115: DemoClass[] = [
  {
    key: 'g10',
    grade: 10,
    entryYear: 115,
    department: '機械科',
    name: '機械一甲',
    group: '21',
    deptCode: '301',
    homeroom: 'demo-teacher4',
    subjects: [
      ...common('demo-teacher'),
      { name: '機件原理', category: '1', attr: '2', domain: 'B1', credits: 2, teacher: 'demo-teacher4' },
      { name: '機械製造', category: '1', attr: '2', domain: 'B2', credits: 2, teacher: 'demo-teacher4' },
      { name: '基礎實習', category: '1', attr: '3', domain: 'C1', credits: 3, teacher: 'demo-teacher4' },
    ],
  },
  {
    key: 'g11',
    grade: 11,
    entryYear: 114,
    department: '電機科',
    name: '電機二甲',
    group: '22',
    deptCode: '302',
    homeroom: 'demo-homeroom',
    subjects: [
      ...common('demo-teacher'),
      { name: '基本電學', category: '1', attr: '2', domain: 'B1', credits: 3, teacher: 'demo-homeroom' },
      { name: '電子學', category: '2', attr: '2', domain: 'B3', credits: 2, teacher: 'demo-homeroom' },
      { name: '基本電學實習', category: '1', attr: '3', domain: 'C1', credits: 3, teacher: 'demo-homeroom' },
    ],
  },
  {
    key: 'g12',
    grade: 12,
    entryYear: 113,
    department: '園藝科',
    name: '園藝三甲',
    group: '11',
    deptCode: '401',
    homeroom: 'demo-teacher5',
    subjects: [
      ...common('demo-teacher'),
      { name: '農業概論', category: '1', attr: '2', domain: 'B1', credits: 2, teacher: 'demo-teacher5' },
      { name: '植物栽培', category: '2', attr: '2', domain: 'B4', credits: 2, teacher: 'demo-teacher5' },
      { name: '農場經營實習', category: '5', attr: '3', domain: 'C2', credits: 3, teacher: 'demo-teacher5' },
    ],
  },
];

/** Grade 10, 11 and 12 classes in the current term's academic year (entry years follow it). */
export function demoClasses(current: AcademicTerm): DemoClass[] {
  return CLASSES_115.map((c) => ({ ...c, entryYear: current.academicYear - (c.grade - 10) }));
}

/** Demo terms: from the grade 12 class's first term (semester 1 two years ago) up to the current one. */
export function demoTerms(current: AcademicTerm): { term: AcademicTerm; startsOn: string; endsOn: string }[] {
  const out: { term: AcademicTerm; startsOn: string; endsOn: string }[] = [];
  for (let term = { academicYear: current.academicYear - 2, semester: 1 } as AcademicTerm; ; ) {
    const r = termRange(term);
    out.push({ term, startsOn: toIsoDate(r.start), endsOn: toIsoDate(r.end) });
    if (term.academicYear === current.academicYear && term.semester === current.semester) return out;
    term = shiftTerm(term, 1);
  }
}

const SURNAMES = '陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周'.split('');
const GIVEN_A = '宜家冠承柏品子宇彥思詠佳雨心語俊宥芷昱睿'.split('');
const GIVEN_B = '庭豪廷翰恩璇瑄安辰妤軒涵晴叡蓁哲諺萱勳婕'.split('');
const AREA_LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO'.split('');

/** A small deterministic PRNG so the demo looks the same on every machine. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(list: T[], r: () => number): T => list[Math.floor(r() * list.length)] as T;

/** 學號 of a seat in a class: entry year + grade digit + seat (e.g. 1140101 for 電機二甲 seat 1 in 115). */
export const demoStudentNo = (cls: { entryYear: number; grade: number }, seat: number) =>
  `${cls.entryYear}${String(seat + (cls.grade - 10) * 100).padStart(4, '0')}`;

/** 30 students per class; the first student of 電機二甲 (grade 11) is the demo student. */
export function demoStudents(current: AcademicTerm): DemoStudent[] {
  // Seeded per class position, not per year: the demo's names do not change with the date.
  const r = prng(999_301);
  const students: DemoStudent[] = [];
  for (const cls of demoClasses(current)) {
    for (let seat = 1; seat <= 30; seat++) {
      const n = students.length;
      const gender: 'M' | 'F' = seat % 2 === 1 ? 'M' : 'F';
      const prefix = `${AREA_LETTERS[n % AREA_LETTERS.length]}${gender === 'M' ? 1 : 2}${String(
        Math.floor(r() * 10_000_000),
      ).padStart(7, '0')}`;
      const adEntry = cls.entryYear + 1911;
      const birth: CalendarDate = {
        year: adEntry - 15 - (r() < 0.67 ? 0 : 1),
        month: 1 + Math.floor(r() * 12),
        day: 1 + Math.floor(r() * 28),
      };
      const studentNo = demoStudentNo(cls, seat);
      students.push({
        classKey: cls.key,
        studentNo,
        nationalId: withCheckDigit(prefix),
        name: `${pick(SURNAMES, r)}${pick(GIVEN_A, r)}${pick(GIVEN_B, r)}`,
        birthDate: toIsoDate(birth),
        gender,
        entryYear: cls.entryYear,
        seatNo: seat,
        username: cls.key === 'g11' && seat === 1 ? 'demo-student' : undefined,
      });
    }
  }
  return students;
}

/** Parent accounts: demo-parent for the demo student, and nine more for other students. */
export function demoParents(
  students: DemoStudent[],
): { username?: string; name: string; relation: string; studentNo: string }[] {
  const demo = students.find((s) => s.username === 'demo-student');
  const others = students.filter((_, i) => i % 10 === 5).slice(0, 9);
  const parentName = (s: DemoStudent, i: number) =>
    `${s.name.slice(0, 1)}${['志強', '美玲', '建宏', '淑惠'][i % 4]}`;
  return [
    ...(demo
      ? [{ username: 'demo-parent', name: parentName(demo, 1), relation: '母', studentNo: demo.studentNo }]
      : []),
    ...others.map((s, i) => ({
      name: parentName(s, i),
      relation: i % 2 === 0 ? '父' : '母',
      studentNo: s.studentNo,
    })),
  ];
}

/**
 * Courses of each class in every demo term the class has attended, with 23-character course codes:
 * entry year (3) + school code (6) + type 3 技術型 (1) + group (2) + dept (3) + class group 0 (1) +
 * category (1) + mode 1 (1) + attribute (1) + domain (2) + serial (2).
 */
export function demoCourses(current: AcademicTerm): DemoCourse[] {
  const courses: DemoCourse[] = [];
  for (const cls of demoClasses(current)) {
    for (const { term } of demoTerms(current)) {
      const gradeThen = 10 + (term.academicYear - cls.entryYear);
      if (gradeThen < 10 || gradeThen > 12) continue;
      const serial = `${(gradeThen - 10) * 2 + term.semester}`;
      cls.subjects.forEach((s, i) => {
        const code = `${cls.entryYear}${DEMO_SCHOOL.code}3${cls.group}${cls.deptCode}0${s.category}1${s.attr}${s.domain}${serial}${i + 1}`;
        const roman = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', 'Ⅵ'][(gradeThen - 10) * 2 + term.semester - 1];
        courses.push({
          classKey: cls.key,
          term,
          code,
          name: `${s.name}${roman}`,
          credits: s.credits,
          grade: gradeThen,
          teacher: s.teacher,
        });
      });
    }
  }
  return courses;
}

const addDays = (d: CalendarDate, days: number): CalendarDate => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};
const later = (a: CalendarDate, b: CalendarDate) => (toIsoDate(a) >= toIsoDate(b) ? a : b);
const startOf = (d: CalendarDate) => new Date(`${toIsoDate(d)}T00:00:00+08:00`);
const endOf = (d: CalendarDate) => new Date(`${toIsoDate(d)}T23:59:59+08:00`);

/**
 * The current term's windows, open around `today` so the demo can be tried at once: uploads from the
 * term's start until two weeks after the closing ceremony (休業式: 20 January, 30 June) or two weeks after
 * today, whichever is later; certification two weeks longer; the yearly 多元表現 window over the academic
 * year to 31 July, or two weeks after today when that is later; the yearly 勾選 window (one for outcomes
 * and performances) from two weeks before today to three weeks after it.
 */
export function demoWindows(current: AcademicTerm, today: CalendarDate) {
  const range = termRange(current);
  const ceremony: CalendarDate =
    current.semester === 1
      ? { year: range.end.year, month: 1, day: 20 }
      : { year: range.end.year, month: 6, day: 30 };
  const uploadCloses = later(addDays(ceremony, 14), addDays(today, 14));
  const yearRange = termRange({ academicYear: current.academicYear, semester: 1 });
  const yearEnd = termRange({ academicYear: current.academicYear, semester: 2 }).end;
  return {
    closingCeremony: toIsoDate(ceremony),
    upload: { opensAt: startOf(range.start), closesAt: endOf(uploadCloses) },
    certification: { opensAt: startOf(range.start), closesAt: endOf(addDays(uploadCloses, 14)) },
    performance: { opensAt: startOf(yearRange.start), closesAt: endOf(later(yearEnd, addDays(today, 14))) },
    selection: { opensAt: startOf(addDays(today, -14)), closesAt: endOf(addDays(today, 21)) },
  };
}

/** 校內幹部經歷 dates of the current academic year: from 1 September (or today, if earlier) to the end of semester 1. */
export function demoCadreDates(current: AcademicTerm, today: CalendarDate) {
  const s1 = termRange({ academicYear: current.academicYear, semester: 1 });
  const september = { year: s1.start.year, month: 9, day: 1 };
  const start = toIsoDate(september) <= toIsoDate(today) ? september : today;
  return { startsOn: start, endsOn: s1.end };
}

/** The demo as generated on a day: its current term, classes and the 學號 of a class's seat (tests, docs). */
export function demoOn(today: CalendarDate) {
  const term = demoCurrentTerm(today);
  const classes = demoClasses(term);
  const classOf = (key: string) => {
    const cls = classes.find((c) => c.key === key);
    if (!cls) throw new Error(`no demo class ${key}`);
    return cls;
  };
  return {
    term,
    classes,
    classOf,
    studentNo: (key: string, seat: number) => demoStudentNo(classOf(key), seat),
  };
}
