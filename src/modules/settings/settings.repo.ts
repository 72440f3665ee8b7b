/** SQL of the school settings. */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { schoolSettings } from '../../db/schema/index.js';
import { DEFAULT_SCHOOL_SETTINGS, type SchoolSettings } from '../../domain/school-settings.js';

/** The school's settings, the defaults where it has none. */
export async function settingsOf(db: DbOrTx, schoolId: string): Promise<SchoolSettings> {
  const [row] = await db.select().from(schoolSettings).where(eq(schoolSettings.schoolId, schoolId));
  if (!row) return { ...DEFAULT_SCHOOL_SETTINGS };
  return {
    selectionOutcomesMax: row.selectionOutcomesMax,
    selectionPerformancesMax: row.selectionPerformancesMax,
    outcomesPerSemester: row.outcomesPerSemester,
    outcomesPerCourse: row.outcomesPerCourse,
    selectionWindowMode: row.selectionWindowMode,
  };
}

/** The row's change time and author (null before the first change). */
export async function settingsMeta(db: DbOrTx, schoolId: string) {
  const [row] = await db
    .select({ updatedAt: schoolSettings.updatedAt, updatedBy: schoolSettings.updatedBy })
    .from(schoolSettings)
    .where(eq(schoolSettings.schoolId, schoolId));
  return row ?? null;
}

export async function upsertSettings(
  db: DbOrTx,
  schoolId: string,
  values: SchoolSettings,
  updatedBy: string,
): Promise<void> {
  await db
    .insert(schoolSettings)
    .values({ schoolId, ...values, updatedBy })
    .onConflictDoUpdate({
      target: schoolSettings.schoolId,
      set: { ...values, updatedBy, updatedAt: new Date() },
    });
}

/** Serialises changes of one school's settings with the counts that read them. */
export async function lockSettings(db: DbOrTx, schoolId: string): Promise<void> {
  await db.select().from(schoolSettings).where(eq(schoolSettings.schoolId, schoolId)).for('update');
}
