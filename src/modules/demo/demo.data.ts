/**
 * The fictional demo school, generated deterministically (no I/O). Everything here is invented:
 * names, student numbers and national IDs (valid checksums, fictional people).
 */
import { type AcademicTerm, type CalendarDate, termRange, toIsoDate } from '../../domain/calendar.js';
import { withCheckDigit } from '../../domain/national-id.js';
import type { Role } from '../../domain/roles.js';

export const DEMO_SCHOOL = { code: '999301', name: '示範高級工農職業學校' } as const;
/** The one password of every demo account (README lists it). */
export const DEMO_PASSWORD = 'licheng-demo';
export const DEMO_CURRENT_TERM: AcademicTerm = { academicYear: 115, semester: 1 };

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

export const DEMO_CLASSES: DemoClass[] = [
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

/** Demo terms: 113學年度第1學期 up to the current one. */
export function demoTerms(): { term: AcademicTerm; startsOn: string; endsOn: string }[] {
  const out: { term: AcademicTerm; startsOn: string; endsOn: string }[] = [];
  for (let year = 113; year <= DEMO_CURRENT_TERM.academicYear; year++) {
    for (const semester of [1, 2] as const) {
      if (year === DEMO_CURRENT_TERM.academicYear && semester > DEMO_CURRENT_TERM.semester) break;
      const term = { academicYear: year, semester };
      const r = termRange(term);
      out.push({ term, startsOn: toIsoDate(r.start), endsOn: toIsoDate(r.end) });
    }
  }
  return out;
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

/** 30 students per class; the first student of 電機二甲 is the demo student. */
export function demoStudents(): DemoStudent[] {
  const r = prng(999_301);
  const students: DemoStudent[] = [];
  for (const cls of DEMO_CLASSES) {
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
      const studentNo = `${cls.entryYear}${String(seat + (cls.grade - 10) * 100).padStart(4, '0')}`;
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
export function demoCourses(): DemoCourse[] {
  const courses: DemoCourse[] = [];
  for (const cls of DEMO_CLASSES) {
    for (const { term } of demoTerms()) {
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
