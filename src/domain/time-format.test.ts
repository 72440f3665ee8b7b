import { describe, expect, it } from 'vitest';
import { formatTaipei, formatTaipeiDate } from './time-format.js';

describe('formatTaipei', () => {
  it('shows Taipei time without seconds or leading zeros in the date', () => {
    expect(formatTaipei(new Date('2027-02-03T15:59:30Z'))).toBe('2027/2/3 23:59');
    expect(formatTaipei('2026-12-31T16:05:00Z')).toBe('2027/1/1 00:05');
    expect(formatTaipeiDate(new Date('2027-02-03T16:00:00Z'))).toBe('2027/2/4');
  });
});
