/**
 * Code tables a school can extend (競賽領域代碼, 證照代碼, 幹部等級, 缺勤種類代碼): everyone of the school
 * reads them (students pick from them); 教務處 and 學務處 add a school code or disable / enable one,
 * audited. Platform entries cannot be changed here (they are data in domain/code-tables.ts).
 */
import type { Db } from '../../db/client.js';
import { CODE_DOMAIN_DEFS, type CodeDomain, PLATFORM_CODES } from '../../domain/code-tables.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { schoolOf } from '../policy/policy.js';
import * as repo from './codes.repo.js';

export type CodesService = ReturnType<typeof createCodesService>;

export interface NewSchoolCode {
  domain: CodeDomain;
  code: string;
  label: string;
  labelEn?: string | null;
  group?: string | null;
}

export function createCodesService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const tables = (user: SessionUser) => repo.codeTables(db, schoolOf(user).id);

  async function add(user: SessionUser, input: NewSchoolCode, requestId: string) {
    const school = schoolOf(user);
    const def = CODE_DOMAIN_DEFS[input.domain];
    const code = input.code.trim().toUpperCase();
    if (!def.pattern.test(code))
      throw new AppError('CODE_FORMAT_INVALID', { table: def.label['zh-TW'], hint: def.patternHint });
    const group = input.group?.trim() || null;
    if (def.groups && (!group || !(group in def.groups)))
      throw new AppError('CODE_GROUP_INVALID', { groups: Object.keys(def.groups).join('/') });
    if (PLATFORM_CODES[input.domain].some((c) => c.code === code))
      throw new AppError('CODE_EXISTS', { code, table: def.label['zh-TW'] });
    return db.transaction(async (tx) => {
      const created = await repo.insertSchoolCode(tx, {
        schoolId: school.id,
        domain: input.domain,
        code,
        label: input.label.trim(),
        labelEn: input.labelEn?.trim() || null,
        groupCode: def.groups ? group : null,
        createdBy: user.id,
      });
      if (!created) throw new AppError('CODE_EXISTS', { code, table: def.label['zh-TW'] });
      await insertAudit(tx, {
        action: 'code.added',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'school_code',
        targetId: created.id,
        requestId,
        details: { domain: input.domain, code, label: created.label },
      });
      return { id: created.id, domain: created.domain, code: created.code, disabled: false };
    });
  }

  async function setDisabled(user: SessionUser, id: string, disabled: boolean, requestId: string) {
    const school = schoolOf(user);
    return db.transaction(async (tx) => {
      const row = await repo.findSchoolCode(tx, school.id, id);
      if (!row) throw new AppError('NOT_FOUND');
      await repo.setSchoolCodeDisabled(tx, id, disabled ? now() : null);
      await insertAudit(tx, {
        action: disabled ? 'code.disabled' : 'code.enabled',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'school_code',
        targetId: id,
        requestId,
        details: { domain: row.domain, code: row.code },
      });
      return { id, domain: row.domain, code: row.code, disabled };
    });
  }

  return { tables, add, setDisabled };
}
