import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../domain/password-policy.js';
import { ROLES } from '../../domain/roles.js';

export const ZLoginBody = z
  .object({
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict();

export const ZChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict();

export const ZMe = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    mustChangePassword: z.boolean(),
  }),
  roles: z.array(z.enum(ROLES)),
  school: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  /** Current 學年度/學期 by server time (Asia/Taipei) and the school's semester boundaries. */
  currentTerm: z.object({ academicYear: z.number().int(), semester: z.union([z.literal(1), z.literal(2)]) }),
  /** Echo in the X-CSRF-Token header on every mutation. */
  csrfToken: z.string(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZOk = z.object({ ok: z.literal(true) });
