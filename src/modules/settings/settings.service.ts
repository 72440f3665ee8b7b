/**
 * School settings (教務處): the selection limits (勾選 ≤ 6 outcomes, ≤ 10 performances per year), the
 * outcome limits (20 per semester, 5 per course) and whether selection has one window for both kinds
 * or one per office. Every change is audited with the values before and after.
 */
import type { Db } from '../../db/client.js';
import { type SchoolSettings, SETTING_BOUNDS } from '../../domain/school-settings.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { schoolOf } from '../policy/policy.js';
import * as repo from './settings.repo.js';

export type SettingsService = ReturnType<typeof createSettingsService>;

const FIELD_LABEL: Record<keyof typeof SETTING_BOUNDS, { 'zh-TW': string; en: string }> = {
  selectionOutcomesMax: { 'zh-TW': '每學年可勾選課程學習成果件數', en: 'Outcomes selectable per year' },
  selectionPerformancesMax: { 'zh-TW': '每學年可勾選多元表現項數', en: 'Performances selectable per year' },
  outcomesPerSemester: { 'zh-TW': '每學期可上傳課程學習成果件數', en: 'Outcomes per semester' },
  outcomesPerCourse: { 'zh-TW': '每門課可上傳課程學習成果件數', en: 'Outcomes per course' },
};

export function createSettingsService(deps: { db: Db }) {
  const { db } = deps;

  async function get(user: SessionUser) {
    const school = schoolOf(user);
    return {
      settings: await repo.settingsOf(db, school.id),
      updatedAt: (await repo.settingsMeta(db, school.id))?.updatedAt ?? null,
    };
  }

  async function update(user: SessionUser, input: SchoolSettings, requestId: string) {
    const school = schoolOf(user);
    for (const [key, bounds] of Object.entries(SETTING_BOUNDS) as [
      keyof typeof SETTING_BOUNDS,
      { min: number; max: number },
    ][]) {
      const v = input[key];
      if (!Number.isInteger(v) || v < bounds.min || v > bounds.max) {
        throw new AppError('SETTINGS_OUT_OF_RANGE', {
          field: FIELD_LABEL[key]['zh-TW'],
          fieldEn: FIELD_LABEL[key].en,
          min: bounds.min,
          max: bounds.max,
        });
      }
    }
    await db.transaction(async (tx) => {
      await repo.lockSettings(tx, school.id);
      const before = await repo.settingsOf(tx, school.id);
      await repo.upsertSettings(tx, school.id, input, user.id);
      const changed = Object.fromEntries(
        (Object.keys(input) as (keyof SchoolSettings)[])
          .filter((k) => before[k] !== input[k])
          .map((k) => [k, { from: before[k], to: input[k] }]),
      );
      await insertAudit(tx, {
        action: 'school_settings.changed',
        schoolId: school.id,
        actorUserId: user.id,
        requestId,
        details: { changed },
      });
    });
    return get(user);
  }

  return { get, update };
}
