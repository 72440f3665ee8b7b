import type { ImportKind } from '../kind.js';
import { guardiansKind, staffKind, studentsKind } from './people.js';
import { cadreKind, enrollmentsKind, gradesKind } from './records.js';
import { absencesKind, rereadsKind, retakesKind } from './rosters.js';
import { classesKind, coursesKind } from './school.js';

/** Every import kind, in the order a school imports them (later kinds refer to earlier ones). */
export const IMPORT_KINDS: ImportKind[] = [
  staffKind,
  classesKind,
  studentsKind,
  guardiansKind,
  coursesKind,
  enrollmentsKind,
  gradesKind,
  retakesKind,
  rereadsKind,
  cadreKind,
  absencesKind,
];

export const IMPORT_KIND_NAMES = IMPORT_KINDS.map((k) => k.kind) as [string, ...string[]];

export const importKind = (name: string): ImportKind | undefined => IMPORT_KINDS.find((k) => k.kind === name);
