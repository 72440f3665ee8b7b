import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../domain/roles.js';
import type { AuthService, ResolvedSession } from '../modules/auth/auth.service.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'licheng_session';

/**
 * Who may call a route, declared in the route's `config.access`. API routes without it require a
 * signed-in user whose password is not pending change. Object-level checks stay in the services.
 */
export interface RouteAccess {
  /** No session needed (login, health, OpenAPI). */
  public?: boolean;
  /** At least one of these roles. */
  roles?: Role[];
  /** Reachable before a forced password change (me, logout, change password). */
  allowPendingPasswordChange?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in session of a request whose route required one. */
export function sessionOf(request: FastifyRequest): ResolvedSession {
  if (!request.session) throw new AppError('AUTH_REQUIRED');
  return request.session;
}

/**
 * One hook for every API route: resolve the session from the cookie, enforce CSRF on mutations,
 * the forced password change and the route's roles. It runs at preParsing, before any request body is
 * read: an anonymous or unauthorised client cannot make the server receive an upload or an import.
 */
export function registerAccessHook(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('session', null);
  app.addHook('preParsing', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const access = request.routeOptions.config.access ?? {};
    const token = request.cookies[SESSION_COOKIE];
    if (access.public) {
      // Public routes still see the session when there is a valid one (e.g. to log out cleanly).
      if (token) request.session = await auth.resolveSession(token).catch(() => null);
      return;
    }
    if (!token) throw new AppError('AUTH_REQUIRED');
    const session = await auth.resolveSession(token);
    request.session = session;
    if (
      !SAFE_METHODS.has(request.method) &&
      !auth.csrfMatches(session, request.headers['x-csrf-token'] as string)
    ) {
      throw new AppError('CSRF_INVALID');
    }
    if (session.user.mustChangePassword && !access.allowPendingPasswordChange) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
    }
    if (access.roles && !access.roles.some((r) => session.user.roles.includes(r))) {
      throw new AppError('FORBIDDEN');
    }
  });
}
