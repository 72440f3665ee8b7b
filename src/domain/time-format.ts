/**
 * The one way a point in time is shown to people, on every page and in every server message: Taipei
 * time, year/month/day without leading zeros and hours:minutes, no seconds (2027/2/3 23:59). Server time
 * is the only clock, and schools read deadlines in Taiwan time whatever the device's zone.
 */
const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pieces(at: Date | string | number) {
  const d = at instanceof Date ? at : new Date(at);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.formatToParts(d).find((p) => p.type === type)?.value ?? '';
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute') };
}

/** 2027/2/3 23:59 (Taipei). */
export function formatTaipei(at: Date | string | number): string {
  const p = pieces(at);
  return `${p.y}/${p.m}/${p.d} ${p.h}:${p.min}`;
}

/** 2027/2/3 (Taipei). */
export function formatTaipeiDate(at: Date | string | number): string {
  const p = pieces(at);
  return `${p.y}/${p.m}/${p.d}`;
}
