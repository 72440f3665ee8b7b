import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';

export const ZListAccountsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    role: z.enum(ROLES).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ZAccountList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      username: z.string(),
      displayName: z.string(),
      roles: z.array(z.enum(ROLES)),
      disabled: z.boolean(),
      locked: z.boolean(),
      mustChangePassword: z.boolean(),
      lastLoginAt: z.date().nullable(),
      /** A student's class, a parent's children's classes, a homeroom teacher's class. */
      className: z.string().nullable(),
    }),
  ),
});

export const ZProvisionBody = z
  .object({
    target: z.enum(['students', 'staff', 'guardians']),
    classId: z.uuid().optional(),
    /** The login slips as a printable PDF (one slip per account, cut marks) or as xlsx. */
    format: z.enum(['xlsx', 'pdf']).default('xlsx'),
  })
  .strict();

export const ZResetBody = z
  .object({ userIds: z.array(z.uuid()).min(1).max(5000), format: z.enum(['xlsx', 'pdf']).default('xlsx') })
  .strict();
export const ZUserParams = z.object({ id: z.uuid() });
export const ZRolesBody = z.object({ roles: z.array(z.enum(ROLES)).max(ROLES.length) }).strict();
export const ZRoles = z.object({ roles: z.array(z.enum(ROLES)) });

export const ZLinkParentBody = z
  .object({
    studentNo: z.string().trim().min(1).max(20),
    relation: z.string().trim().min(1).max(10).default('家長'),
  })
  .strict();
