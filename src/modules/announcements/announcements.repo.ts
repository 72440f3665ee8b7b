/** SQL of announcements (公告): insert, soft delete, and what one user is shown. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { announcements, classes, users } from '../../db/schema/index.js';

export type NewAnnouncement = typeof announcements.$inferInsert;

export async function insertAnnouncement(db: DbOrTx, row: NewAnnouncement) {
  const [saved] = await db.insert(announcements).values(row).returning();
  if (!saved) throw new Error('announcement not saved');
  return saved;
}

export async function findAnnouncement(db: DbOrTx, schoolId: string, id: string) {
  const [row] = await db
    .select()
    .from(announcements)
    .where(
      and(eq(announcements.id, id), eq(announcements.schoolId, schoolId), isNull(announcements.deletedAt)),
    );
  return row;
}

export async function markDeleted(db: DbOrTx, id: string, at: Date) {
  await db.update(announcements).set({ deletedAt: at }).where(eq(announcements.id, id));
}

/** Who sees what: `everything` (the offices) or the audiences the user belongs to. */
export interface Reach {
  everything: boolean;
  teacher: boolean;
  parent: boolean;
  academicYear: number;
}

/**
 * The school's live announcements the user is shown, newest first. Classes and grades reach a user
 * through their own class (student), their children's classes (parent) and the classes they are
 * homeroom teacher of this academic year.
 */
export async function visibleTo(db: DbOrTx, schoolId: string, userId: string, reach: Reach, limit = 200) {
  const mine = sql`(
    select s.class_id from students s where s.user_id = ${userId} and s.class_id is not null
    union select s.class_id from guardians g join students s on s.id = g.student_id
      where g.user_id = ${userId} and s.class_id is not null
    union select cl.id from classes cl join staff st on st.id = cl.homeroom_staff_id
      where st.user_id = ${userId} and cl.academic_year = ${reach.academicYear})`;
  const audience = reach.everything
    ? sql`true`
    : sql`(${announcements.audience} = 'all'
        or (${announcements.audience} = 'teachers' and ${reach.teacher})
        or (${announcements.audience} = 'parents' and ${reach.parent})
        or (${announcements.audience} = 'class' and ${announcements.classId} in ${mine})
        or (${announcements.audience} = 'grade' and ${announcements.grade} in
          (select c.grade from classes c where c.id in ${mine})))`;
  return db
    .select({
      id: announcements.id,
      office: announcements.office,
      title: announcements.title,
      body: announcements.body,
      audience: announcements.audience,
      grade: announcements.grade,
      classId: announcements.classId,
      className: classes.name,
      onDate: announcements.onDate,
      createdAt: announcements.createdAt,
      author: users.displayName,
    })
    .from(announcements)
    .innerJoin(users, eq(users.id, announcements.authorUserId))
    .leftJoin(classes, eq(classes.id, announcements.classId))
    .where(and(eq(announcements.schoolId, schoolId), isNull(announcements.deletedAt), audience))
    .orderBy(desc(announcements.createdAt))
    .limit(limit);
}
export type VisibleAnnouncement = Awaited<ReturnType<typeof visibleTo>>[number];
