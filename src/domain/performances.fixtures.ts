/**
 * Test fixtures: one valid record per category for a student who entered in 114 (the demo student on
 * 2026-12-02). Every date lies between 1 July of the entry year and 1 August a year later, so it is
 * neither too early nor in the future for a grade 11 student on any day: validFor() moves them to
 * another entry year.
 */
import type { PerformanceInput } from './performance-rules.js';

export const VALID: Record<string, PerformanceInput> = {
  cadre: {
    category: 'cadre',
    fields: { unit: '熱舞社', position: '社長', level: '3' },
    summary: '帶領社團成發',
    startsOn: '2025-09-01',
  },
  competition: {
    category: 'competition',
    fields: {
      name: '全國技藝競賽',
      item: '工業電子',
      field: '電機',
      level: '3',
      award: '第一名',
      participation: '1',
    },
    summary: '全國第一名',
    startsOn: '2026-03-20',
  },
  certificate: {
    category: 'certificate',
    fields: { certificate: '工業電子丙級', kind: '2', score: 92, subscores: '學科92,術科 及格' },
    summary: '取得丙級證照',
    startsOn: '2026-06-01',
  },
  service: {
    category: 'service',
    fields: { name: '淨灘', organisation: '環保署', hours: 8 },
    summary: '海岸淨灘服務',
    startsOn: '2026-07-10',
    endsOn: '2026-07-11',
  },
  flexible: {
    category: 'flexible',
    fields: { kind: '1', name: 'Arduino 自主學習', term: '1151', periodsPerWeek: 2, weeks: 18 },
    summary: '自主學習計畫',
  },
  groupActivity: {
    category: 'groupActivity',
    fields: { kind: '1', unit: '機器人社', name: '社團活動', term: '1142', periods: 36 },
    summary: '社團課',
  },
  workplace: {
    category: 'workplace',
    fields: { kind: '職場體驗', unit: '台電', title: '實習生', hours: 40 },
    summary: '暑期實習',
    startsOn: '2026-07-01',
    endsOn: '2026-07-31',
  },
  work: { category: 'work', fields: { name: '智慧盆栽' }, summary: '專題作品', startsOn: '2026-05-20' },
  advancedCourse: {
    category: 'advancedCourse',
    fields: { programme: '大學先修', provider: '成功大學', course: '微積分', credits: 2, hours: 36 },
    summary: '先修微積分',
    startsOn: '2026-07-20',
  },
  other: {
    category: 'other',
    fields: { name: '科學營', organiser: '清華大學', hours: 20 },
    summary: '參加營隊',
  },
};

/** The fixtures for a student who entered in `entryYear`: dates and term codes moved by whole years. */
export function validFor(entryYear: number): Record<string, PerformanceInput> {
  const shift = entryYear - 114;
  const date = (d: string | null | undefined) => (d ? `${Number(d.slice(0, 4)) + shift}${d.slice(4)}` : d);
  const term = (v: PerformanceInput['fields'][string]) =>
    typeof v === 'string' && /^\d{3}[12]$/.test(v) ? `${Number(v.slice(0, 3)) + shift}${v.slice(3)}` : v;
  return Object.fromEntries(
    Object.entries(VALID).map(([k, r]) => [
      k,
      {
        ...r,
        ...(r.startsOn !== undefined ? { startsOn: date(r.startsOn) } : {}),
        ...(r.endsOn !== undefined ? { endsOn: date(r.endsOn) } : {}),
        fields: Object.fromEntries(
          Object.entries(r.fields ?? {}).map(([f, v]) => [f, f === 'term' ? term(v) : v]),
        ),
      },
    ]),
  );
}
