import { z } from 'zod';
import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_OFFICES } from '../../db/schema/calendar.js';

/** Limits of an announcement (the service checks them with named zh-TW rules; zod only bounds the input). */
export const ANNOUNCEMENT_TITLE_MAX = 60;
export const ANNOUNCEMENT_BODY_MAX = 2000;

export const ZAnnouncementBody = z
  .object({
    /** In whose name (one of the caller's offices); default: the caller's first office. */
    office: z.enum(ANNOUNCEMENT_OFFICES).optional(),
    title: z.string().max(1000),
    body: z.string().max(20_000),
    audience: z.enum(ANNOUNCEMENT_AUDIENCES),
    grade: z.number().int().optional(),
    classId: z.uuid().optional(),
    onDate: z.iso.date().optional(),
  })
  .strict();

export const ZAnnouncement = z.object({
  id: z.uuid(),
  office: z.enum(ANNOUNCEMENT_OFFICES),
  title: z.string(),
  body: z.string(),
  audience: z.enum(ANNOUNCEMENT_AUDIENCES),
  grade: z.number().nullable(),
  classId: z.string().nullable(),
  className: z.string().nullable(),
  onDate: z.string().nullable(),
  createdAt: z.date(),
  author: z.string(),
  /** The caller may delete it (they hold its office's role). */
  canDelete: z.boolean(),
});
