/** The error codes of 勾選 (SPEC.md §5) and the school settings, part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const SELECTION_ERRORS = {
  SELECTION_OUTCOME_LIMIT: {
    status: 409,
    'zh-TW': (p) => `每學年最多勾選${p.max}件課程學習成果，已勾選${p.count}件`,
    en: (p) => `At most ${p.max} course outcomes can be selected per academic year (${p.count} selected)`,
  },
  SELECTION_PERFORMANCE_LIMIT: {
    status: 409,
    'zh-TW': (p) => `每學年最多勾選${p.max}項多元表現，已勾選${p.count}項`,
    en: (p) => `At most ${p.max} performances can be selected per academic year (${p.count} selected)`,
  },
  SELECTION_OUTCOME_NOT_PASSED: {
    status: 409,
    'zh-TW': (p) => `只有認證通過的課程學習成果可以勾選（此件為${p.status}）`,
    en: (p) => `Only certified (passed) course outcomes can be selected (this one is ${p.statusEn})`,
  },
  SELECTION_PERFORMANCE_DELETED: {
    status: 409,
    'zh-TW': '已刪除的多元表現不能勾選',
    en: 'A deleted performance cannot be selected',
  },
  SELECTION_ALREADY_SELECTED: {
    status: 409,
    'zh-TW': '此項目已勾選',
    en: 'This item is already selected',
  },
  SELECTION_NOT_SELECTED: {
    status: 409,
    'zh-TW': '此項目尚未勾選',
    en: 'This item is not selected',
  },
  SELECTION_LOCKED: {
    status: 409,
    'zh-TW': (p) => `不在${p.year}學年度${p.kind}期間內（${p.window}，臺北時間），勾選已鎖定`,
    en: (p) =>
      `Outside the ${p.kindEn} window of academic year ${p.year} (${p.window}, Taipei time): the selection is locked`,
  },
  OUTCOME_SELECTED_LOCKED: {
    status: 409,
    'zh-TW': '已勾選的課程學習成果不能撤回或修改，請先取消勾選',
    en: 'A selected course outcome cannot be withdrawn or revised; unselect it first',
  },
  PERFORMANCE_SELECTED_LOCKED: {
    status: 409,
    'zh-TW': '已勾選的多元表現不能刪除，請先取消勾選',
    en: 'A selected performance cannot be deleted; unselect it first',
  },
  SETTINGS_OUT_OF_RANGE: {
    status: 400,
    'zh-TW': (p) => `${p.field}須介於${p.min}到${p.max}之間`,
    en: (p) => `${p.fieldEn} must be between ${p.min} and ${p.max}`,
  },
} satisfies Record<string, ErrorDef>;
