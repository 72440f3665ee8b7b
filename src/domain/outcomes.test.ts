import { describe, expect, it } from 'vitest';
import { windowState, windowTooShort } from './outcomes.js';

const w = { opensAt: new Date('2026-09-01T00:00:00Z'), closesAt: new Date('2026-12-31T15:59:59Z') };
const at = (iso: string) => new Date(iso);

describe('outcome windows', () => {
  it('is open from the opening to the closing second, and not a second more', () => {
    expect(windowState(w, at('2026-08-31T23:59:59Z'))).toBe('not-yet');
    expect(windowState(w, at('2026-09-01T00:00:00Z'))).toBe('open');
    expect(windowState(w, at('2026-12-31T15:59:59Z'))).toBe('open');
    expect(windowState(w, at('2026-12-31T16:00:00Z'))).toBe('closed');
    expect(windowState(null, at('2026-10-01T00:00:00Z'))).toBe('unset');
  });
  it('lets an upload started inside the window finish within the grace period', () => {
    const started = at('2026-12-31T15:59:00Z');
    expect(windowState(w, at('2026-12-31T16:29:59Z'), { uploadStartedAt: started })).toBe('grace');
    expect(windowState(w, at('2026-12-31T16:30:00Z'), { uploadStartedAt: started })).toBe('closed');
    expect(windowState(w, at('2026-12-31T16:10:00Z'), { uploadStartedAt: at('2026-12-31T16:00:01Z') })).toBe(
      'closed',
    );
  });
  it('uses an extension when there is one', () => {
    expect(windowState(w, at('2027-01-05T00:00:00Z'), { extendedTo: at('2027-01-07T00:00:00Z') })).toBe(
      'open',
    );
  });
  it('warns when the window ends less than 2 weeks after the closing ceremony, except grade 12 semester 2', () => {
    const ceremony = at('2027-01-20T00:00:00Z');
    expect(windowTooShort(at('2027-02-02T00:00:00Z'), ceremony, false)).toBe(true);
    expect(windowTooShort(at('2027-02-03T00:00:00Z'), ceremony, false)).toBe(false);
    expect(windowTooShort(at('2027-01-25T00:00:00Z'), ceremony, true)).toBe(false);
  });
});
