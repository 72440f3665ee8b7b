import type { Tx } from '../../db/client.js';
import type { Role } from '../../domain/roles.js';
import type { FieldDef } from './fields.js';
import type { ProblemCode } from './problems.js';

/** What a kind's apply step reports for a chunk of rows. */
export interface ApplyCounts {
  inserted: number;
  updated: number;
}

export interface ImportContext {
  schoolId: string;
  /** Term from the import options or the file's cover sheet, when the rows carry none. */
  defaultTerm: { academicYear?: number; semester?: number };
  /** The clock of the import (server time): the academic year of rows that name neither year nor term. */
  now: Date;
}

export interface RowProblem {
  /** The field key the problem is about (mapped back to the column header), or '' for the row. */
  field: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

/**
 * One kind of import (students, courses, …): its columns, how a parsed row is checked against the
 * database (lookups loaded once in `prepare`), its natural key and how a chunk is written.
 */
export interface ImportKind<State = unknown, Row = unknown> {
  kind: string;
  /** Roles allowed to run it. */
  roles: Role[];
  title: { 'zh-TW': string; en: string };
  fields: FieldDef[];
  /** Header names that belong to the official templates but are derived or not stored. */
  ignoredHeaders?: string[];
  /**
   * Fields whose columns must all be present for a sheet to be this kind's table (a workbook with
   * several sheets that share columns, e.g. 重修成績 and 重讀成績 of 名冊別 6).
   */
  identifyBy?: string[];
  /** At least one of these groups of fields must be present (e.g. 學號, or 身分證號 + 出生日期). */
  anyOf?: string[][];
  prepare(tx: Tx, ctx: ImportContext): Promise<State>;
  /** Checks a row whose cells parsed; returns the row to write or its problems. */
  validate(values: Record<string, unknown>, state: State, ctx: ImportContext): Row | RowProblem[];
  /** Natural key within the file (a repeated key is a problem). */
  key(row: Row): string;
  apply(tx: Tx, rows: Row[], state: State, ctx: ImportContext): Promise<ApplyCounts>;
}

/** Type-erasing constructor so kinds keep their own State/Row types. */
export const defineKind = <S, R>(k: ImportKind<S, R>): ImportKind => k as unknown as ImportKind;
