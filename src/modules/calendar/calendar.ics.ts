/**
 * The personal ICS feed's body (RFC 5545), written by the `ics` library: one event per window of the
 * caller's schedule (opens → effective close, transparent so it never blocks time), and one all-day
 * event per dated announcement. UIDs are stable, so calendar apps update events in place.
 */
import { createEvents, type EventAttributes } from 'ics';
import { formatTaipei } from '../../domain/time-format.js';
import { WINDOW_KIND_RULES } from '../../domain/windows.js';
import type { ScheduleEntry } from '../windows/schedule.service.js';

export interface DatedAnnouncement {
  id: string;
  title: string;
  body: string;
  onDate: string | null;
}

/** The stable UID of a window entry (a parent's entries are per child). */
export const entryUid = (e: Pick<ScheduleEntry, 'windowId' | 'studentId'>) =>
  `window-${e.windowId}${e.studentId ? `-${e.studentId}` : ''}@licheng`;
export const announcementUid = (id: string) => `announcement-${id}@licheng`;

const utc = {
  startInputType: 'utc',
  startOutputType: 'utc',
  endInputType: 'utc',
  endOutputType: 'utc',
} as const;

function dayArray(iso: string, plus = 0): [number, number, number] {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plus);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

export function buildIcs(entries: ScheduleEntry[], announcements: DatedAnnouncement[]): string {
  const events: EventAttributes[] = entries.map((e) => {
    const kind = WINDOW_KIND_RULES[e.kind].label['zh-TW'];
    const who = e.as === 'parent' && e.studentName ? `${e.studentName}：` : '';
    return {
      ...utc,
      uid: entryUid(e),
      start: e.opensAt.getTime(),
      end: e.effectiveClosesAt.getTime(),
      title: `${who}${kind}期間`,
      description: `${kind}期間 ${formatTaipei(e.opensAt)} – ${formatTaipei(e.effectiveClosesAt)}（臺北時間）${
        e.extendedTo ? '，已延長' : ''
      }`,
      transp: 'TRANSPARENT',
      categories: [e.kind],
    };
  });
  for (const a of announcements) {
    if (!a.onDate) continue;
    events.push({
      uid: announcementUid(a.id),
      start: dayArray(a.onDate),
      end: dayArray(a.onDate, 1),
      title: `公告：${a.title}`,
      description: a.body,
      transp: 'TRANSPARENT',
      categories: ['announcement'],
    });
  }
  const { error, value } = createEvents(events, { productId: 'licheng/calendar', calName: '學習歷程期程' });
  if (error || value === null) throw error ?? new Error('ICS not written');
  return value;
}
