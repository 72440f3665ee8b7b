import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { type AcademicTerm, boundariesOf, currentTermAt, DEFAULT_BOUNDARIES } from '../../domain/calendar.js';
import { COMMON_PASSWORDS } from '../../domain/common-passwords.js';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../domain/password-policy.js';
import type { Role } from '../../domain/roles.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import * as repo from './auth.repo.js';
import { hashPassword, verifyPasswordEvenly, warmUpPasswordChecks } from './password.js';
import { createThrottle, type SignInClient } from './throttle.js';

export interface AuthSettings {
  sessionSecret: string;
  idleMinutes: number;
  absoluteHours: number;
  maxFailures: number;
  lockMinutes: number;
  slowdownMaxSeconds: number;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  school: { id: string; code: string; name: string } | null;
  /**
   * The school's current term by server time in Taiwan and the school's semester boundaries
   * (domain/calendar.ts#currentTermAt); its stored row is schools/current-term.ts's business.
   */
  currentTerm: AcademicTerm;
  mustChangePassword: boolean;
}

export interface ResolvedSession {
  user: SessionUser;
  tokenHash: string;
  csrfToken: string;
}

/** Who is asking, for the audit log. Never holds personal data. */
export interface RequestContext {
  requestId: string;
  userAgent?: string;
  /** Address and device cookie, for the sign-in throttle. */
  client: SignInClient;
}

export type AuthService = ReturnType<typeof createAuthService>;

/** The signed-in view of a user row at an instant; null for a missing or disabled account. */
export function sessionUserOf(row: repo.SessionUserRow | undefined, at: Date): SessionUser | null {
  if (!row || row.disabledAt) return null;
  const boundaries = row.school ? boundariesOf(row.school) : DEFAULT_BOUNDARIES;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles,
    school: row.school && { id: row.school.id, code: row.school.code, name: row.school.name },
    currentTerm: currentTermAt(at, boundaries),
    mustChangePassword: row.mustChangePassword,
  };
}

/** The user a credential other than a session stands for (the calendar feed's token), as a session would see them. */
export async function loadSessionUser(db: Db, userId: string, at: Date): Promise<SessionUser | null> {
  return sessionUserOf(await repo.findSessionUser(db, userId), at);
}

/** Sign-in, sessions and password changes. */
export function createAuthService(deps: { db: Db; settings: AuthSettings; now?: () => Date }) {
  const { db, settings } = deps;
  // The first sign-in should not pay for the dummy hashes (nor take longer than later ones).
  warmUpPasswordChecks().catch(() => undefined);
  const throttle = createThrottle({
    db,
    settings: {
      secret: settings.sessionSecret,
      maxFailures: settings.maxFailures,
      lockMinutes: settings.lockMinutes,
      slowdownMaxSeconds: settings.slowdownMaxSeconds,
    },
  });
  const now = deps.now ?? (() => new Date());
  const hashToken = (token: string) =>
    createHmac('sha256', settings.sessionSecret).update(token).digest('hex');

  const toSessionUser = (row: repo.SessionUserRow | undefined) => sessionUserOf(row, now());

  const loadSessionUser = async (userId: string) => toSessionUser(await repo.findSessionUser(db, userId));

  /**
   * Verifies the credentials and opens a session. A real account and a name that is none answer alike
   * (status, message, time): both go through the throttle and the same password work (throttle.ts).
   * A locked (account, client) pair is refused before the password is checked.
   */
  async function login(username: string, password: string, ctx: RequestContext) {
    const name = username.trim();
    const user = await repo.findUserByUsername(db, name);
    const audit = (action: string, details?: Record<string, unknown>) =>
      insertAudit(db, {
        action,
        schoolId: user?.schoolId,
        actorUserId: user?.id,
        targetType: user ? 'user' : undefined,
        targetId: user?.id,
        requestId: ctx.requestId,
        details,
      });
    const subject = await throttle.identify(user?.id, name, ctx.client);
    const from = subject.knownDevice ? 'known_device' : 'address';
    try {
      await throttle.before(subject);
    } catch (e) {
      await audit('auth.login_failed', { reason: 'locked', from });
      throw e;
    }
    if (!(await verifyPasswordEvenly(user?.passwordHash, password)) || !user) {
      const lockedMinutes = await throttle.failed(subject);
      await audit('auth.login_failed', { reason: user ? 'wrong_password' : 'unknown_user', from });
      if (lockedMinutes > 0) {
        await audit('auth.locked', { from, minutes: lockedMinutes });
        throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: lockedMinutes });
      }
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    if (user.disabledAt) {
      await audit('auth.login_failed', { reason: 'disabled' });
      throw new AppError('AUTH_ACCOUNT_DISABLED');
    }
    const deviceToken = await throttle.succeeded(subject, user.id);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await db.transaction(async (tx) => {
      await repo.recordLoginSuccess(tx, user.id);
      await repo.insertSession(tx, {
        tokenHash: hashToken(token),
        userId: user.id,
        csrfToken,
        absoluteHours: settings.absoluteHours,
      });
      await insertAudit(tx, {
        action: 'auth.login',
        schoolId: user.schoolId,
        actorUserId: user.id,
        requestId: ctx.requestId,
        details: ctx.userAgent ? { userAgent: ctx.userAgent.slice(0, 200) } : undefined,
      });
    });
    const sessionUser = await loadSessionUser(user.id);
    if (!sessionUser) throw new AppError('AUTH_INVALID_CREDENTIALS');
    return { token, csrfToken, user: sessionUser, deviceToken };
  }

  /** The session behind a cookie token; expired sessions are deleted and reported as expired. */
  async function resolveSession(token: string): Promise<ResolvedSession> {
    const tokenHash = hashToken(token);
    const row = await repo.findSession(db, tokenHash, settings.idleMinutes);
    if (!row) throw new AppError('AUTH_REQUIRED');
    if (!row.live) {
      await repo.deleteSession(db, tokenHash);
      throw new AppError('AUTH_SESSION_EXPIRED');
    }
    const user = toSessionUser(row);
    if (!user) {
      await repo.deleteSession(db, tokenHash);
      throw new AppError('AUTH_ACCOUNT_DISABLED');
    }
    if (row.stale) await repo.touchSession(db, tokenHash);
    return { user, tokenHash, csrfToken: row.csrfToken };
  }

  /** Constant-time comparison of the CSRF header with the session's token. */
  function csrfMatches(session: ResolvedSession, header: string | undefined): boolean {
    if (!header) return false;
    const a = Buffer.from(header);
    const b = Buffer.from(session.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function logout(session: ResolvedSession, ctx: RequestContext): Promise<void> {
    await repo.deleteSession(db, session.tokenHash);
    await insertAudit(db, {
      action: 'auth.logout',
      schoolId: session.user.school?.id,
      actorUserId: session.user.id,
      requestId: ctx.requestId,
    });
  }

  /** Changes the password, clears the first-login flag and ends the user's other sessions. */
  async function changePassword(
    session: ResolvedSession,
    currentPassword: string,
    newPassword: string,
    ctx: RequestContext,
  ): Promise<SessionUser> {
    const user = await repo.findUserById(db, session.user.id);
    if (!user) throw new AppError('AUTH_REQUIRED');
    // Wrong current passwords count like failed sign-ins of this account from this client.
    const subject = await throttle.identify(user.id, user.username, ctx.client);
    await throttle.before(subject);
    if (!(await verifyPasswordEvenly(user.passwordHash, currentPassword))) {
      const lockedMinutes = await throttle.failed(subject);
      await insertAudit(db, {
        action: 'auth.password_change_failed',
        schoolId: user.schoolId,
        actorUserId: user.id,
        requestId: ctx.requestId,
        details: { reason: 'wrong_current_password' },
      });
      if (lockedMinutes > 0) throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes: lockedMinutes });
      throw new AppError('PASSWORD_CURRENT_WRONG');
    }
    if (newPassword === currentPassword) throw new AppError('PASSWORD_UNCHANGED');
    const problem = passwordProblem(newPassword, user.username, COMMON_PASSWORDS);
    if (problem) throw new AppError(problem, { min: PASSWORD_MIN_LENGTH });
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await repo.updatePassword(tx, user.id, passwordHash);
      await repo.deleteUserSessions(tx, user.id, session.tokenHash);
      await insertAudit(tx, {
        action: 'auth.password_changed',
        schoolId: user.schoolId,
        actorUserId: user.id,
        requestId: ctx.requestId,
      });
    });
    const updated = await loadSessionUser(user.id);
    if (!updated) throw new AppError('AUTH_REQUIRED');
    return updated;
  }

  return { login, logout, resolveSession, csrfMatches, changePassword, purgeSignInState: throttle.purge };
}
