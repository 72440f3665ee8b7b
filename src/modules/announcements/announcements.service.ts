/**
 * Announcements (公告, SPEC.md §7): 教務處, 學務處 and 輔導室 publish to everyone, a grade, a class, the
 * teachers or the parents of their school, optionally on a date (then it is on the calendar and in the
 * ICS feed). Publishing and deleting are audited; each user is shown what targets them.
 */
import type { Db } from '../../db/client.js';
import { ANNOUNCEMENT_OFFICES } from '../../db/schema/calendar.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, schoolOf } from '../policy/policy.js';
import * as repo from './announcements.repo.js';
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from './announcements.schemas.js';

type Office = (typeof ANNOUNCEMENT_OFFICES)[number];
export type AnnouncementsService = ReturnType<typeof createAnnouncementsService>;

const officesOf = (user: SessionUser) =>
  ANNOUNCEMENT_OFFICES.filter((o) => (user.roles as string[]).includes(o));

export function createAnnouncementsService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function publish(
    user: SessionUser,
    input: {
      office?: Office;
      title: string;
      body: string;
      audience: repo.NewAnnouncement['audience'];
      grade?: number;
      classId?: string;
      onDate?: string;
    },
    requestId: string,
  ) {
    const school = schoolOf(user);
    const mine = officesOf(user);
    const office = input.office ?? mine[0];
    if (!office || !mine.includes(office)) throw new AppError('ANNOUNCEMENT_OFFICE_NOT_YOURS');
    const title = input.title.trim();
    const body = input.body.trim();
    if (!title || !body) throw new AppError('ANNOUNCEMENT_EMPTY');
    const titleLength = [...title].length;
    if (titleLength > ANNOUNCEMENT_TITLE_MAX)
      throw new AppError('ANNOUNCEMENT_TITLE_TOO_LONG', { max: ANNOUNCEMENT_TITLE_MAX, length: titleLength });
    const bodyLength = [...body].length;
    if (bodyLength > ANNOUNCEMENT_BODY_MAX)
      throw new AppError('ANNOUNCEMENT_BODY_TOO_LONG', { max: ANNOUNCEMENT_BODY_MAX, length: bodyLength });
    const grade = input.audience === 'grade' ? input.grade : undefined;
    const classId = input.audience === 'class' ? input.classId : undefined;
    if (input.audience === 'grade' && (grade === undefined || grade < 10 || grade > 12))
      throw new AppError('ANNOUNCEMENT_AUDIENCE_INVALID', { audience: 'grade' });
    if (input.audience === 'class' && !classId)
      throw new AppError('ANNOUNCEMENT_AUDIENCE_INVALID', { audience: 'class' });
    await assertOwnSchool(db, user, { class: input.classId });
    return db.transaction(async (tx) => {
      const saved = await repo.insertAnnouncement(tx, {
        schoolId: school.id,
        office,
        authorUserId: user.id,
        title,
        body,
        audience: input.audience,
        grade: grade ?? null,
        classId: classId ?? null,
        onDate: input.onDate ?? null,
        createdAt: now(),
      });
      await insertAudit(tx, {
        action: 'announcement.published',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'announcement',
        targetId: saved.id,
        requestId,
        details: { office, audience: input.audience, grade, classId, onDate: input.onDate },
      });
      return { id: saved.id };
    });
  }

  /** What targets the user (offices: every announcement of the school), newest first. */
  async function visible(user: SessionUser) {
    if (!user.school) return [];
    const offices = officesOf(user);
    const roles = user.roles as string[];
    const rows = await repo.visibleTo(db, user.school.id, user.id, {
      everything: offices.length > 0,
      teacher: ['teacher', 'substitute', 'homeroom'].some((r) => roles.includes(r)),
      parent: roles.includes('parent'),
      academicYear: user.currentTerm.academicYear,
    });
    return rows.map((r) => ({ ...r, canDelete: (offices as string[]).includes(r.office) }));
  }

  /** Deletes (hides) an announcement of one of the caller's offices; audited. */
  async function remove(user: SessionUser, id: string, requestId: string) {
    const school = schoolOf(user);
    const row = await repo.findAnnouncement(db, school.id, id);
    if (!row) throw new AppError('NOT_FOUND');
    if (!(officesOf(user) as string[]).includes(row.office))
      throw new AppError('ANNOUNCEMENT_OFFICE_NOT_YOURS');
    await db.transaction(async (tx) => {
      await repo.markDeleted(tx, id, now());
      await insertAudit(tx, {
        action: 'announcement.deleted',
        schoolId: school.id,
        actorUserId: user.id,
        targetType: 'announcement',
        targetId: id,
        requestId,
        details: { office: row.office, title: row.title },
      });
    });
  }

  return { publish, visible, remove };
}
