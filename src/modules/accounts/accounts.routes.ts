import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import { AppError } from '../../server/errors.js';
import { ZOk } from '../auth/auth.schemas.js';
import {
  ZAccountList,
  ZLinkParentBody,
  ZListAccountsQuery,
  ZProvisionBody,
  ZResetBody,
  ZRoles,
  ZRolesBody,
  ZUserParams,
} from './accounts.schemas.js';
import { listSchoolAccounts } from './accounts.service.js';
import { inClassOrder, loginSlipsPdf } from './login-slips.js';
import {
  type LoginSlip,
  linkParent,
  loginSlipsWorkbook,
  provisionAccounts,
  resetPasswords,
  setAccountDisabled,
  setRoles,
} from './provisioning.service.js';

const access = { access: { roles: ['accountAdmin' as const] } };
const stamp = () => new Date().toISOString().slice(0, 10);

/** The login slips in class order, as xlsx or as a printable PDF (one slip per account, cut marks). */
async function sendSlips(
  reply: FastifyReply,
  slips: LoginSlip[],
  format: 'xlsx' | 'pdf',
  name: string,
  school: { code: string } | null,
) {
  const ordered = inClassOrder(slips);
  if (format === 'pdf')
    return sendDownload(reply, {
      filename: `${name}.pdf`,
      body: await loginSlipsPdf(ordered, school?.code ?? ''),
      type: 'application/pdf',
    });
  return sendDownload(reply, { filename: `${name}.xlsx`, body: await loginSlipsWorkbook(ordered) });
}

/** Account administration (圖書館 / accountAdmin): accounts of the own school, never portfolio content. */
export const accountsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/accounts',
    {
      config: access,
      schema: {
        tags: ['accounts'],
        summary: "List the school's accounts with roles and lock state",
        querystring: ZListAccountsQuery,
        response: { 200: ZAccountList },
      },
    },
    async (request) => listSchoolAccounts(db, sessionOf(request).user, request.query, request.id),
  );

  app.post(
    '/api/v1/accounts/provision',
    {
      config: access,
      schema: {
        tags: ['accounts'],
        summary:
          'Create accounts for students / staff / parents without one; returns the login slips (xlsx, or a printable PDF)',
        body: ZProvisionBody,
      },
    },
    async (request, reply) => {
      const user = sessionOf(request).user;
      if (!user.school) throw new AppError('FORBIDDEN');
      const slips = await provisionAccounts(db, user.school, request.body.target, {
        classId: request.body.classId,
        actorUserId: user.id,
        requestId: request.id,
      });
      reply.header('x-created-count', String(slips.length));
      return sendSlips(
        reply,
        slips,
        request.body.format,
        `登入單-${request.body.target}-${stamp()}`,
        user.school,
      );
    },
  );

  app.post(
    '/api/v1/accounts/reset-passwords',
    {
      config: access,
      schema: {
        tags: ['accounts'],
        summary:
          'New one-time passwords for the given accounts; returns their login slips (xlsx, or a printable PDF)',
        body: ZResetBody,
      },
    },
    async (request, reply) => {
      const user = sessionOf(request).user;
      const slips = await resetPasswords(db, user, request.body.userIds, request.id);
      return sendSlips(reply, slips, request.body.format, `密碼重設-${stamp()}`, user.school);
    },
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/v1/accounts/:id/${path}`,
      {
        config: access,
        schema: {
          tags: ['accounts'],
          summary: `${path} an account (kept, never deleted)`,
          params: ZUserParams,
          response: { 200: ZOk },
        },
      },
      async (request) => {
        await setAccountDisabled(db, sessionOf(request).user, request.params.id, disabled, request.id);
        return { ok: true as const };
      },
    );
  }

  app.post(
    '/api/v1/accounts/:id/children',
    {
      config: access,
      schema: {
        tags: ['accounts'],
        summary: 'Link a parent account to a student by 學號 (e.g. a sibling)',
        params: ZUserParams,
        body: ZLinkParentBody,
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await linkParent(db, sessionOf(request).user, request.params.id, request.body, request.id);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/v1/accounts/:id/roles',
    {
      config: access,
      schema: {
        tags: ['accounts'],
        summary: "Replace an account's school roles (audited)",
        params: ZUserParams,
        body: ZRolesBody,
        response: { 200: ZRoles },
      },
    },
    async (request) => ({
      roles: await setRoles(db, sessionOf(request).user, request.params.id, request.body.roles, request.id),
    }),
  );
};
