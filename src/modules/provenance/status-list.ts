/**
 * W3C Bitstring Status List v1.0: a school's revocation list is a bitstring of 131,072 entries (16 KB,
 * the spec's minimum for herd privacy), index 0 the most significant bit of the first byte, GZIP-compressed
 * and multibase base64url-encoded (`u` prefix) in a BitstringStatusListCredential signed by the school.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Credential, issuerUrl, STATUS_LIST_SIZE, statusListUrl, VC_CONTEXT } from './vc.js';

export function encodeStatusList(revoked: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8);
  for (const i of revoked) {
    if (i < 0 || i >= size) continue;
    bits[i >> 3] = (bits[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeStatusList(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

export function bitAt(bits: Buffer, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new Error('status list index out of range');
  return (byte & (0x80 >> (index & 7))) !== 0;
}

export function statusListCredential(input: {
  baseUrl: string;
  school: { code: string; name: string };
  revoked: Iterable<number>;
  validFrom: Date;
}): Credential {
  const id = statusListUrl(input.baseUrl, input.school.code);
  return {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: issuerUrl(input.baseUrl, input.school.code), type: ['Profile'], name: input.school.name },
    validFrom: input.validFrom.toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(input.revoked),
    },
  };
}
