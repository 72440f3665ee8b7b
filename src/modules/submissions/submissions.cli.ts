/**
 * `licheng roster check|build`: the office's pre-check and package build, run by the server operator.
 * The school is `--school` or the only one; without `--roster`, every roster of the cadence asked for
 * (yearly rosters always, semester rosters with `--semester`). Built packages enter the school's history
 * (without a user) and are copied to `--out`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client.js';
import { problemMessage } from '../../domain/precheck.js';
import { currentRosterFormats } from '../../domain/roster-formats.js';
import { AppError, errorMessage } from '../../server/errors.js';
import { findSchoolByCode, listSchools } from '../schools/schools.repo.js';
import type { BlobStore } from '../storage/blob-store.js';
import { rowSource } from './row-sources.js';
import { createSubmissionsService } from './submissions.service.js';

export interface RosterCliOptions {
  school?: string;
  year: number;
  semester?: number;
  roster?: number;
}

async function schoolFor(db: Db, code?: string) {
  let school = code ? await findSchoolByCode(db, code) : undefined;
  if (!code) {
    const all = await listSchools(db);
    if (all.length === 1) school = all[0];
  }
  if (!school) throw new AppError('SCHOOL_NOT_FOUND', { schoolCode: code ?? '(--school)' });
  return { id: school.id, code: school.code };
}

/** The rosters asked for: the one named, or every roster of the cadence that can be built (its sources registered). */
function rostersOf(opts: RosterCliOptions): number[] {
  if (opts.roster !== undefined) return [opts.roster];
  return currentRosterFormats()
    .filter((f) => f.cadence === 'year' || opts.semester !== undefined)
    .filter(
      (f) =>
        f.withoutSource !== 'unavailable' || f.sheets.every((s) => !s.source || rowSource(s.source.name)),
    )
    .map((f) => f.roster);
}

const say = (e: unknown) =>
  e instanceof AppError
    ? `${errorMessage(e.code, 'zh-TW', e.params)} / ${errorMessage(e.code, 'en', e.params)}`
    : String(e);

export async function rosterCli(
  mode: 'check' | 'build',
  deps: { db: Db; blobs: BlobStore; incomingDir: string; secret: string },
  opts: RosterCliOptions & { out?: string },
  print: (line: string) => void,
): Promise<{ problems: number; failed: number }> {
  const svc = createSubmissionsService(deps);
  const school = await schoolFor(deps.db, opts.school);
  let problems = 0;
  let failed = 0;
  for (const roster of rostersOf(opts)) {
    const q = { year: opts.year, semester: opts.semester, roster };
    try {
      const result = await svc.precheckSchool(school, q);
      print(
        `名冊別 ${roster} (${result.academicYear}-${result.semester}, format ${result.formatVersion}): ` +
          `${result.rows.map((r) => `${r.sheet.trim()} ${r.rows}`).join(', ')}; ${result.problems.length} problem(s)`,
      );
      for (const p of result.problems) {
        print(
          `  ${p.sheet.trim()}\trow ${p.row}\t${p.column ?? ''}\t${p.studentNo ?? ''}\t${problemMessage(p, 'zh-TW')}\t${problemMessage(p, 'en')}`,
        );
      }
      problems += result.problems.length;
      if (mode === 'check' || result.problems.length > 0) continue;
      const pkg = await svc.buildForSchool(school, q);
      if (pkg?.status !== 'built' || !pkg.sha256) {
        failed++;
        print(`  build failed: ${pkg?.error ?? 'unknown'}`);
        continue;
      }
      const out = path.resolve(opts.out ?? '.');
      await fs.mkdir(out, { recursive: true });
      const file = path.join(
        out,
        `${school.code}_${pkg.academicYear}_${pkg.semester}_${roster}_${pkg.sha256.slice(0, 8)}.zip`,
      );
      const source = await deps.blobs.open(pkg.sha256);
      await fs.writeFile(file, source);
      print(`${file}\t${pkg.sha256}`);
    } catch (e) {
      failed++;
      print(`名冊別 ${roster}: ${say(e)}`);
    }
  }
  return { problems, failed };
}
