import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library default algorithm) with the OWASP-recommended minimum (19 MiB, t=2, p=1). */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hash of a random string, verified against when the username is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
};

/**
 * Hash for generated one-time passwords (login slips, resets): cheaper argon2id parameters, because the
 * secret is random (≈ 58 bits) rather than chosen, and it must be replaced at the first sign-in. This
 * keeps provisioning 3,000 accounts at about a second instead of a minute.
 */
export const hashOneTimePassword = (password: string): Promise<string> =>
  hash(password, { memoryCost: 4096, timeCost: 1, parallelism: 1 });

/** Unambiguous characters only (no 0/O, 1/l/I), so printed slips are typed correctly. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random one-time password of 10 characters. */
export function generatePassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
