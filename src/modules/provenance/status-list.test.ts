import { describe, expect, it } from 'vitest';
import { bitAt, decodeStatusList, encodeStatusList } from './status-list.js';
import { STATUS_LIST_SIZE } from './vc.js';

describe('Bitstring Status List', () => {
  it('is a 16 KB GZIP bitstring, multibase base64url, index 0 the first byte’s most significant bit', () => {
    const encoded = encodeStatusList([0, 7, 9, STATUS_LIST_SIZE - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded).not.toMatch(/[+/=]/);
    const bits = decodeStatusList(encoded);
    expect(bits.length).toBe(16_384);
    expect(bits[0]).toBe(0x81);
    expect(bits[1]).toBe(0x40);
    expect(bits[16_383]).toBe(0x01);
    expect([0, 7, 9, STATUS_LIST_SIZE - 1].every((i) => bitAt(bits, i))).toBe(true);
    expect(bitAt(bits, 8)).toBe(false);
    expect(() => bitAt(bits, STATUS_LIST_SIZE)).toThrow();
  });
});
