import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { sessionOf } from '../../server/access.js';
import { ZAccountList, ZListAccountsQuery } from './accounts.schemas.js';
import { listSchoolAccounts } from './accounts.service.js';

/** Account administration (圖書館 / accountAdmin): accounts of the own school, never portfolio content. */
export const accountsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/accounts',
    {
      config: { access: { roles: ['accountAdmin'] } },
      schema: {
        tags: ['accounts'],
        summary: "List the school's accounts with roles and lock state",
        querystring: ZListAccountsQuery,
        response: { 200: ZAccountList },
      },
    },
    async (request) => listSchoolAccounts(db, sessionOf(request).user, request.query),
  );
};
