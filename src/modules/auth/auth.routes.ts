import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE, sessionOf } from '../../server/access.js';
import { type TMe, ZChangePasswordBody, ZLoginBody, ZMe, ZOk } from './auth.schemas.js';
import type { AuthService, RequestContext, SessionUser } from './auth.service.js';
import { DEVICE_DAYS } from './throttle.js';

/** Marks a browser an account has signed in from (throttle.ts); sent only to the sign-in endpoints. */
export const DEVICE_COOKIE = 'licheng_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth/';

export interface AuthRoutesOptions {
  auth: AuthService;
  absoluteHours: number;
  loginRateLimitPerMinute: number;
}

const ctxOf = (request: FastifyRequest): RequestContext => ({
  requestId: request.id,
  userAgent: request.headers['user-agent'],
  // request.ip honours X-Forwarded-For only from the proxies TRUST_PROXY names (config.ts).
  client: { ip: request.ip, deviceToken: request.cookies[DEVICE_COOKIE] || undefined },
});

const presentMe = (user: SessionUser, csrfToken: string): TMe => ({
  user: {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    mustChangePassword: user.mustChangePassword,
  },
  roles: user.roles,
  school: user.school,
  currentTerm: user.currentTerm,
  csrfToken,
});

/** Sign-in, sign-out, the current user and password change. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { auth } = opts;
  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: opts.absoluteHours * 3600,
    });

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: opts.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with username and password; sets the session cookie (and, from a browser new to the account, the device cookie)',
        body: ZLoginBody,
        response: { 200: ZMe },
      },
    },
    async (request, reply) => {
      const { token, csrfToken, user, deviceToken } = await auth.login(
        request.body.username,
        request.body.password,
        ctxOf(request),
      );
      setCookie(request, reply, token);
      if (deviceToken) {
        reply.setCookie(DEVICE_COOKIE, deviceToken, {
          path: DEVICE_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: DEVICE_DAYS * 86_400,
        });
      }
      return presentMe(user, csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: { allowPendingPasswordChange: true } },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 200: ZOk } },
    },
    async (request, reply) => {
      await auth.logout(sessionOf(request), ctxOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: { allowPendingPasswordChange: true } },
      schema: { tags: ['auth'], summary: 'The signed-in user, roles and school', response: { 200: ZMe } },
    },
    async (request) => {
      const session = sessionOf(request);
      return presentMe(session.user, session.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: {
        access: { allowPendingPasswordChange: true },
        // Each attempt costs an argon2 verification; wrong current passwords also count in the throttle.
        rateLimit: { max: opts.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (required on first sign-in of provisioned accounts)',
        body: ZChangePasswordBody,
        response: { 200: ZMe },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const user = await auth.changePassword(
        session,
        request.body.currentPassword,
        request.body.newPassword,
        ctxOf(request),
      );
      return presentMe(user, session.csrfToken);
    },
  );
};
