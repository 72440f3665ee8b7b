/**
 * A school's settings: the limits SPEC.md marks *configurable* and the selection window mode. The
 * defaults are SPEC's numbers; 教務處 changes them on the school settings page (audited).
 */
import { OUTCOME_LIMITS } from './outcomes.js';

export const SELECTION_WINDOW_MODES = ['shared', 'perOffice'] as const;
export type SelectionWindowMode = (typeof SELECTION_WINDOW_MODES)[number];

export interface SchoolSettings {
  /** 勾選: certified course outcomes per academic year. */
  selectionOutcomesMax: number;
  /** 勾選: performances per academic year. */
  selectionPerformancesMax: number;
  outcomesPerSemester: number;
  outcomesPerCourse: number;
  /** shared: one selection window for both kinds; perOffice: 教務處 (outcomes) and 學務處 (performances). */
  selectionWindowMode: SelectionWindowMode;
}

export const DEFAULT_SCHOOL_SETTINGS: SchoolSettings = {
  selectionOutcomesMax: 6,
  selectionPerformancesMax: 10,
  outcomesPerSemester: OUTCOME_LIMITS.perSemester,
  outcomesPerCourse: OUTCOME_LIMITS.perCourse,
  selectionWindowMode: 'shared',
};

/** Bounds a school may choose within (a typo such as 600 is refused, not stored). */
export const SETTING_BOUNDS = {
  selectionOutcomesMax: { min: 1, max: 50 },
  selectionPerformancesMax: { min: 1, max: 50 },
  outcomesPerSemester: { min: 1, max: 100 },
  outcomesPerCourse: { min: 1, max: 50 },
} as const;
