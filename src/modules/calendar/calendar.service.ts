/**
 * The calendar (期程, SPEC.md §7): every window of the caller's schedule (windows module) with what the
 * caller still has to do for it, and the announcements that target them; the personal ICS feed behind
 * a secret token (created, rotated and revoked by its owner, stored only as a SHA-256; revoked → 404).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import type { AnnouncementsService } from '../announcements/announcements.service.js';
import { insertAudit } from '../audit/audit.repo.js';
import { loadSessionUser, type SessionUser } from '../auth/auth.service.js';
import type { createScheduleService } from '../windows/schedule.service.js';
import { buildIcs } from './calendar.ics.js';
import * as repo from './calendar.repo.js';
import { todosOf } from './calendar.todo.js';

export type CalendarService = ReturnType<typeof createCalendarService>;

/** 32 random bytes, base64url: 43 characters, no dot (the feed path is `<token>.ics`). */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
export const feedPath = (token: string) => `/api/v1/calendar/${token}.ics`;

export function createCalendarService(deps: {
  db: Db;
  now?: () => Date;
  schedule: ReturnType<typeof createScheduleService>;
  announcements: AnnouncementsService;
}) {
  const { db, schedule, announcements } = deps;
  const now = deps.now ?? (() => new Date());

  /** The caller's windows of an academic year, each with its to-dos, and the announcements for them. */
  async function calendar(user: SessionUser, input: { academicYear?: number }, requestId: string) {
    const s = await schedule.schedule(user, input, requestId);
    const todos = await todosOf(db, user, s.entries, s.now);
    return {
      academicYear: s.academicYear,
      now: s.now,
      entries: s.entries.map((e, i) => ({ ...e, todos: todos[i] ?? [] })),
      announcements: await announcements.visible(user),
    };
  }

  async function feedStatus(user: SessionUser) {
    const row = await repo.feedOf(db, user.id);
    return { active: !!row, createdAt: row?.createdAt ?? null, lastUsedAt: row?.lastUsedAt ?? null };
  }

  /** A new secret URL (the previous one stops working); shown once, only its hash is kept. */
  async function createFeed(user: SessionUser, requestId: string) {
    const token = randomBytes(32).toString('base64url');
    const at = now();
    await db.transaction(async (tx) => {
      await repo.saveFeed(tx, user.id, hashOf(token), at);
      await insertAudit(tx, {
        action: 'calendar_feed.created',
        schoolId: user.school?.id,
        actorUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        requestId,
      });
    });
    return { path: feedPath(token), createdAt: at };
  }

  async function revokeFeed(user: SessionUser, requestId: string) {
    await db.transaction(async (tx) => {
      if ((await repo.deleteFeed(tx, user.id)) === 0) return;
      await insertAudit(tx, {
        action: 'calendar_feed.revoked',
        schoolId: user.school?.id,
        actorUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        requestId,
      });
    });
  }

  /**
   * The feed of a token: what the owner's schedule holds now, this academic year and the next (an
   * unknown, revoked or disabled owner's token is a 404, the same answer as a token never issued).
   */
  async function feed(token: string, requestId: string) {
    if (!FEED_TOKEN.test(token)) throw new AppError('NOT_FOUND');
    const at = now();
    const userId = await repo.ownerOfFeed(db, hashOf(token), at);
    const user = userId ? await loadSessionUser(db, userId, at) : null;
    if (!user?.school) throw new AppError('NOT_FOUND');
    const year = user.currentTerm.academicYear;
    const entries = [
      ...(await schedule.schedule(user, { academicYear: year }, requestId)).entries,
      ...(await schedule.schedule(user, { academicYear: year + 1 }, requestId)).entries,
    ];
    return buildIcs(entries, await announcements.visible(user));
  }

  return { calendar, feedStatus, createFeed, revokeFeed, feed };
}
