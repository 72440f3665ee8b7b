/**
 * Account provisioning (accountAdmin / 圖書館): accounts for imported students, staff and parents with
 * one-time passwords printed on login slips, password resets, disabling, roles and parent links.
 * The slips are the only place a generated password ever appears; the database keeps its hash.
 */
import type { Db, DbOrTx } from '../../db/client.js';
import {
  OFFICE_ROLE_NAMES,
  OFFICE_ROLES,
  PLATFORM_ROLES,
  type Role,
  STAFF_ROLES,
} from '../../domain/roles.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { generatePassword, hashOneTimePassword } from '../auth/password.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { notify } from '../notifications/notifications.repo.js';
import { countOfSchool } from '../policy/policy.repo.js';
import * as repo from './accounts.repo.js';

export type ProvisionTarget = 'students' | 'staff' | 'guardians';

export interface LoginSlip {
  userId: string;
  className: string;
  seatNo: number | null;
  number: string;
  name: string;
  username: string;
  password: string;
  note: string;
}

interface Candidate {
  id: string;
  number: string;
  name: string;
  className: string;
  seatNo: number | null;
  roles: Role[];
  note: string;
}

async function candidates(
  db: DbOrTx,
  schoolId: string,
  target: ProvisionTarget,
  classId?: string,
): Promise<Candidate[]> {
  if (target === 'students') {
    return (await repo.studentsWithoutAccount(db, schoolId, classId)).map((s) => ({
      id: s.id,
      number: s.studentNo,
      name: s.name,
      className: s.className ?? '',
      seatNo: s.seatNo,
      roles: ['student'],
      note: '',
    }));
  }
  if (target === 'staff') {
    return (await repo.staffWithoutAccount(db, schoolId)).map((s) => ({
      id: s.id,
      number: s.staffNo,
      name: s.name,
      className: '',
      seatNo: null,
      roles: s.isHomeroom ? ['teacher', 'homeroom'] : ['teacher'],
      note: '',
    }));
  }
  return (await repo.guardiansWithoutAccount(db, schoolId, classId)).map((g) => ({
    id: g.id,
    number: g.studentNo,
    name: g.name,
    className: g.className ?? '',
    seatNo: g.seatNo,
    roles: ['parent'],
    note: `${g.studentName} 之${g.relation}`,
  }));
}

/** Default sign-in names: school code + 學號 / 員工編號 (+ p and a counter for parents). */
function defaultUsername(schoolCode: string, target: ProvisionTarget, c: Candidate, n: number): string {
  const base = `${schoolCode}-${target === 'guardians' ? `p${c.number}` : c.number}`.toLowerCase();
  return target !== 'guardians' && n === 0 ? base : `${base}-${n + 1}`;
}

export interface ProvisionOptions {
  classId?: string;
  requestId?: string;
  actorUserId?: string;
  /** Demo seeding: fixed names and one shared password instead of generated ones. */
  usernameOf?: (c: { number: string; target: ProvisionTarget }) => string | undefined;
  shared?: { password: string; hash: string; mustChangePassword: boolean };
}

/** Creates accounts for everyone of the target without one, in one transaction. */
export async function provisionAccounts(
  db: DbOrTx,
  school: { id: string; code: string },
  target: ProvisionTarget,
  opts: ProvisionOptions = {},
): Promise<LoginSlip[]> {
  const run = async (tx: DbOrTx) => {
    if (opts.classId && (await countOfSchool(tx, school.id, 'class', [opts.classId])) !== 1)
      throw new AppError('NOT_FOUND');
    const list = await candidates(tx, school.id, target, opts.classId);
    const slips: LoginSlip[] = [];
    const newUsers: repo.NewUser[] = [];
    // One query for every name already taken that these accounts could collide with (not one per account).
    const chosen = list.flatMap((c) => opts.usernameOf?.({ number: c.number, target }) ?? []);
    const taken = await repo.existingUsernames(tx, `${school.code.toLowerCase()}-`, chosen);
    for (const c of list) {
      let username = opts.usernameOf?.({ number: c.number, target });
      for (let n = 0; !username || taken.has(username); n++) {
        username = defaultUsername(school.code, target, c, n);
        if (n > 50) throw new AppError('USERNAME_TAKEN', { username });
      }
      taken.add(username);
      const password = opts.shared?.password ?? generatePassword();
      newUsers.push({
        schoolId: school.id,
        username,
        displayName: c.name,
        passwordHash: opts.shared?.hash ?? (await hashOneTimePassword(password)),
        mustChangePassword: opts.shared?.mustChangePassword ?? true,
        roles: c.roles,
      });
      slips.push({
        userId: '',
        className: c.className,
        seatNo: c.seatNo,
        number: c.number,
        name: c.name,
        username,
        password,
        note: c.note,
      });
    }
    const ids = await repo.insertUsers(tx, newUsers);
    for (const slip of slips) slip.userId = ids.get(slip.username) as string;
    const links = list.map((c, i) => ({ id: c.id, userId: slips[i]?.userId as string }));
    if (target === 'students') await repo.linkStudentUsers(tx, links);
    else if (target === 'staff') await repo.linkStaffUsers(tx, links);
    else await repo.linkGuardianUsers(tx, links);
    if (list.length > 0) {
      await insertAudit(tx, {
        action: 'accounts.provisioned',
        schoolId: school.id,
        actorUserId: opts.actorUserId,
        requestId: opts.requestId,
        details: { target, count: list.length, classId: opts.classId ?? null },
      });
    }
    return slips;
  };
  // On a transaction handle this is a savepoint, so the demo seed can provision inside its own transaction.
  return db.transaction(run);
}

/** The printable login slips (xlsx), one row per account. */
export function loginSlipsWorkbook(slips: LoginSlip[]): Promise<Buffer> {
  return buildWorkbook([
    {
      name: '登入單',
      header: ['班級', '座號', '學號／編號', '姓名', '說明', '帳號', '初始密碼', '首次登入須變更密碼'],
      rows: slips.map((s) => [s.className, s.seatNo, s.number, s.name, s.note, s.username, s.password, '是']),
    },
  ]);
}

function schoolOf(caller: SessionUser) {
  if (!caller.school) throw new AppError('FORBIDDEN');
  return caller.school;
}

/** New one-time passwords for accounts of the caller's school; returns their slips. */
export async function resetPasswords(db: Db, caller: SessionUser, userIds: string[], requestId: string) {
  const school = schoolOf(caller);
  const targets = await repo.schoolUsersByIds(db, school.id, userIds);
  if (targets.length !== new Set(userIds).size) throw new AppError('NOT_FOUND');
  const slips: LoginSlip[] = [];
  const rows: { id: string; passwordHash: string }[] = [];
  for (const t of targets) {
    const password = generatePassword();
    rows.push({ id: t.id, passwordHash: await hashOneTimePassword(password) });
    slips.push({
      userId: t.id,
      className: t.className ?? '',
      seatNo: t.seatNo,
      number: t.studentNo ?? '',
      name: t.displayName,
      username: t.username,
      password,
      note: '密碼重設',
    });
  }
  // A reset hands the administrator a working password: for an office account that is a way into
  // its rights, so the school's academic admins are told, as for a grant of an office role.
  const offices = targets.filter((x) => x.id !== caller.id && x.roles.some((r) => OFFICE_ROLES.includes(r)));
  await db.transaction(async (tx) => {
    await repo.setPasswordHashes(tx, rows);
    await insertAudit(tx, {
      action: 'accounts.password_reset',
      schoolId: school.id,
      actorUserId: caller.id,
      requestId,
      details: { userIds, officeUserIds: offices.map((x) => x.id) },
    });
    if (offices.length > 0) {
      const admins = await repo.usersWithRole(tx, school.id, 'academicAdmin');
      await notify(
        tx,
        admins.flatMap((adminId) =>
          offices.map((x) => ({
            userId: adminId,
            schoolId: school.id,
            kind: 'accounts.officePasswordReset',
            params: { account: x.displayName, by: caller.displayName },
            link: '/accounts',
          })),
        ),
      );
    }
  });
  return slips;
}

export async function setAccountDisabled(
  db: Db,
  caller: SessionUser,
  userId: string,
  disabled: boolean,
  requestId: string,
) {
  const school = schoolOf(caller);
  const [target] = await repo.schoolUsersByIds(db, school.id, [userId]);
  if (!target) throw new AppError('NOT_FOUND');
  if (target.id === caller.id) throw new AppError('FORBIDDEN');
  await db.transaction(async (tx) => {
    await repo.setDisabled(tx, userId, disabled);
    await insertAudit(tx, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      schoolId: school.id,
      actorUserId: caller.id,
      targetType: 'user',
      targetId: userId,
      requestId,
    });
  });
}

/** Replaces the school roles of an account; platform roles cannot be granted by a school. */
export async function setRoles(
  db: Db,
  caller: SessionUser,
  userId: string,
  roles: Role[],
  requestId: string,
) {
  const school = schoolOf(caller);
  if (roles.some((r) => PLATFORM_ROLES.includes(r))) throw new AppError('FORBIDDEN');
  const [target] = await repo.schoolUsersByIds(db, school.id, [userId]);
  if (!target) throw new AppError('NOT_FOUND');
  // Nobody raises their own rights: another administrator has to do it, and the offices are told.
  if (target.id === caller.id) throw new AppError('ACCOUNT_OWN_ROLES');
  const unique = [...new Set(roles)].sort();
  const from = [...target.roles].sort();
  const granted = unique.filter((r) => !from.includes(r));
  const revoked = from.filter((r) => !unique.includes(r));
  // A parent link gives read access to a child; staff rights on top of it would widen that silently.
  if (granted.some((r) => STAFF_ROLES.includes(r)) && (await repo.hasGuardianLinks(db, userId)))
    throw new AppError('ROLES_STAFF_FOR_PARENT');
  const office = granted.filter((r) => OFFICE_ROLES.includes(r));
  await db.transaction(async (tx) => {
    await repo.replaceRoles(tx, userId, unique);
    await insertAudit(tx, {
      action: office.length > 0 ? 'user.office_roles_granted' : 'user.roles_changed',
      schoolId: school.id,
      actorUserId: caller.id,
      targetType: 'user',
      targetId: userId,
      requestId,
      details: { from, to: unique, granted, revoked },
    });
    if (office.length > 0) {
      const admins = await repo.usersWithRole(tx, school.id, 'academicAdmin');
      await notify(
        tx,
        admins.map((adminId) => ({
          userId: adminId,
          schoolId: school.id,
          kind: 'accounts.officeRoleGranted',
          params: {
            account: target.displayName,
            by: caller.displayName,
            roles: office.map((r) => OFFICE_ROLE_NAMES[r]?.[0] ?? r).join('、'),
            rolesEn: office.map((r) => OFFICE_ROLE_NAMES[r]?.[1] ?? r).join(', '),
          },
          link: '/accounts',
        })),
      );
    }
  });
  return unique;
}

/**
 * Links an existing parent account to a student by hand (e.g. a sibling), so one account sees every
 * child; the account gains the parent role if it lacked it.
 */
export async function linkParent(
  db: Db,
  caller: SessionUser,
  userId: string,
  input: { studentNo: string; relation: string },
  requestId: string,
) {
  const school = schoolOf(caller);
  const [target] = await repo.schoolUsersByIds(db, school.id, [userId]);
  if (!target) throw new AppError('NOT_FOUND');
  if (target.id === caller.id) throw new AppError('GUARDIAN_LINK_SELF');
  // Parent links go only to parent accounts: a staff (or student) account would read a child's
  // portfolio through the link, outside what its role allows.
  if (target.roles.some((r) => r !== 'parent')) throw new AppError('GUARDIAN_LINK_NOT_PARENT');
  const student = await repo.studentByNo(db, school.id, input.studentNo);
  if (!student) throw new AppError('NOT_FOUND');
  await db.transaction(async (tx) => {
    await repo.upsertGuardianLink(tx, {
      schoolId: school.id,
      studentId: student.id,
      name: target.displayName,
      relation: input.relation,
      userId,
    });
    if (!target.roles.includes('parent')) await repo.replaceRoles(tx, userId, [...target.roles, 'parent']);
    await insertAudit(tx, {
      action: 'guardian.linked',
      schoolId: school.id,
      actorUserId: caller.id,
      targetType: 'user',
      targetId: userId,
      requestId,
      details: { studentId: student.id },
    });
  });
}
