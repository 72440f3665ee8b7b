/**
 * Row sources: the named functions that fill a roster sheet (roster-formats.ts names them, with
 * parameters). A new kind of data (缺勤 for roster 3, 重修重讀 for rosters 6 and 27) is plugged in by
 * registering a source under the name its sheet already carries:
 *
 *   registerRowSource('absences', async (ctx) => (await absencesOf(ctx.db, ctx.schoolId, ctx.academicYear,
 *     ctx.semester)).map((a) => ({ studentId: a.studentId, values: { nationalId: a.nationalId,
 *     birthDate: a.birthDate, kind: a.kindCode, startsOn: a.startsOn, endsOn: a.endsOn, periods: a.periods } })));
 *
 * Values are keyed by the columns' `key`; dates as ISO `YYYY-MM-DD` (written as ROC dates), files as
 * FileRef (written as their path in the package), codes and text as strings. A row about a selected
 * item carries `item` (for the certification and cap rules) and `snapshot` (frozen at submission).
 */
import type { DbOrTx } from '../../db/client.js';
import type { RosterRow } from '../../domain/precheck.js';

export interface RowSourceContext {
  db: DbOrTx;
  schoolId: string;
  academicYear: number;
  /** 1 or 2 for semester rosters; 0 for yearly ones. */
  semester: number;
  /** The sheet's `source.params` from the roster format. */
  params: Record<string, string>;
  /** Shared by the sheets of one roster: a source that serves several sheets queries once (see `once`). */
  cache: Map<string, Promise<unknown>>;
}

/** Runs `load` once per roster build under `key` (e.g. one query for every category sheet of 名冊 25). */
export function once<T>(ctx: RowSourceContext, key: string, load: () => Promise<T>): Promise<T> {
  let hit = ctx.cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    ctx.cache.set(key, hit);
  }
  return hit;
}

export interface SourcedRow extends RosterRow {
  /** What is frozen in submission_items when the package is built (selected items only). */
  snapshot?: Record<string, unknown>;
}

export type RowSource = (ctx: RowSourceContext) => Promise<SourcedRow[]>;

const registry = new Map<string, RowSource>();

/** Registers the source of every sheet that names `name`; a name is registered once. */
export function registerRowSource(name: string, source: RowSource): void {
  if (registry.has(name)) throw new Error(`row source ${name} is registered already`);
  registry.set(name, source);
}

export const rowSource = (name: string): RowSource | undefined => registry.get(name);
export const registeredRowSources = (): string[] => [...registry.keys()].sort();
