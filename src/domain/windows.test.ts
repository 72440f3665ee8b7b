import { describe, expect, it } from 'vitest';
import { effectiveClose, kindsSetBy, scheduleState, WINDOW_KIND_RULES, WINDOW_KINDS } from './windows.js';

const t0 = new Date('2026-09-01T00:00:00+08:00');
const t1 = new Date('2027-01-31T23:59:59+08:00');
const w = { opensAt: t0, closesAt: t1 };
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

describe('window kinds', () => {
  it('each office sets its own kinds (SPEC §3)', () => {
    expect(kindsSetBy(['academicAdmin'])).toEqual([
      'upload',
      'certification',
      'selection',
      'selectionOutcomes',
      'receiptConfirmation',
      'disputeHandling',
    ]);
    expect(kindsSetBy(['studentAffairs'])).toEqual(['performance', 'selectionPerformances']);
    expect(kindsSetBy(['teacher', 'student', 'parent'])).toEqual([]);
  });
  it('term kinds are upload and certification; the per-office selections fall back to the joint one', () => {
    expect(WINDOW_KINDS.filter((k) => WINDOW_KIND_RULES[k].scope === 'term')).toEqual([
      'upload',
      'certification',
    ]);
    expect(WINDOW_KIND_RULES.selectionOutcomes.fallback).toBe('selection');
    expect(WINDOW_KIND_RULES.selectionPerformances.fallback).toBe('selection');
  });
});

describe('schedule state', () => {
  it('is upcoming, open (to the last second), grace for upload kinds only, then closed', () => {
    expect(scheduleState('upload', w, minutes(t0, -1), null)).toBe('upcoming');
    expect(scheduleState('upload', w, t1, null)).toBe('open');
    expect(scheduleState('upload', w, minutes(t1, 10), null)).toBe('grace');
    expect(scheduleState('performance', w, minutes(t1, 10), null)).toBe('grace');
    expect(scheduleState('selection', w, minutes(t1, 10), null)).toBe('closed');
    expect(scheduleState('upload', w, minutes(t1, 31), null)).toBe('closed');
  });
  it('an extension moves the close; an earlier one does not shorten it', () => {
    const later = minutes(t1, 24 * 60);
    expect(scheduleState('certification', w, minutes(t1, 60), later)).toBe('open');
    expect(effectiveClose(t1, [minutes(t1, -60), later])).toEqual(later);
    expect(effectiveClose(t1, [minutes(t1, -60)])).toEqual(t1);
  });
});
