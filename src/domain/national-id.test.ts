import { describe, expect, it } from 'vitest';
import { isValidNationalId, maskNationalId, nationalIdKind, withCheckDigit } from './national-id.js';

describe('national ID checksum', () => {
  it('accepts known-valid citizen IDs', () => {
    expect(nationalIdKind('A123456789')).toBe('citizen');
    expect(nationalIdKind('a123456789 ')).toBe('citizen');
    expect(isValidNationalId('F131104093')).toBe(true);
  });
  it('rejects a wrong check digit, wrong shape and wrong gender digit', () => {
    expect(isValidNationalId('A123456788')).toBe(false);
    expect(isValidNationalId('A12345678')).toBe(false);
    expect(isValidNationalId('1123456789')).toBe(false);
    expect(isValidNationalId('A323456789')).toBe(false);
    expect(isValidNationalId('')).toBe(false);
  });
  it('accepts resident permits, old and new style', () => {
    expect(nationalIdKind('AC01234567')).toBe('residentOld');
    expect(nationalIdKind(withCheckDigit('A80000001'))).toBe('residentNew');
    expect(nationalIdKind(withCheckDigit('FA1234567'))).toBe('residentOld');
  });
  it('generates valid IDs from prefixes', () => {
    for (const p of ['A12345678', 'Z29999999', 'I10000000', 'O20000000']) {
      expect(isValidNationalId(withCheckDigit(p))).toBe(true);
    }
  });
  it('masks for display', () => {
    expect(maskNationalId('A123456789')).toBe('A12****789');
  });
});
