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

/**
 * Parameters for generated one-time passwords (login slips, resets): cheaper, because the secret is
 * random (≈ 58 bits) rather than chosen, and it must be replaced at the first sign-in. This keeps
 * provisioning 3,000 accounts at about a second instead of a minute.
 */
const ONE_TIME = { memoryCost: 4096, timeCost: 1, parallelism: 1 } as const;

export const hashOneTimePassword = (password: string): Promise<string> => hash(password, ONE_TIME);

/** Hashes of random strings under both parameter sets, verified against in place of a missing one. */
let dummies: Promise<{ full: string; oneTime: string }> | undefined;
const dummyHashes = () => {
  dummies ??= Promise.all([
    hashPassword(`dummy-${randomInt(2 ** 47)}`),
    hashOneTimePassword(`dummy-${randomInt(2 ** 47)}`),
  ]).then(([full, oneTime]) => ({ full, oneTime }));
  return dummies;
};

const isOneTimeHash = (passwordHash: string) =>
  passwordHash.includes(`$m=${ONE_TIME.memoryCost},t=${ONE_TIME.timeCost},p=${ONE_TIME.parallelism}$`);

/**
 * Verifies a sign-in password with the same work whatever the account: one verification under the full
 * parameters and one under the one-time parameters, one of them against the account's hash (if there
 * is an account) and the other against a dummy. So an unknown name, a chosen password and a login-slip
 * password that was never changed all take the same time.
 */
export async function verifyPasswordEvenly(passwordHash: string | undefined, password: string) {
  const dummy = await dummyHashes();
  if (passwordHash === undefined) {
    await verifyPassword(dummy.full, password);
    await verifyPassword(dummy.oneTime, password);
    return false;
  }
  if (isOneTimeHash(passwordHash)) {
    await verifyPassword(dummy.full, password);
    return verifyPassword(passwordHash, password);
  }
  const ok = await verifyPassword(passwordHash, password);
  await verifyPassword(dummy.oneTime, password);
  return ok;
}

/** Computes the dummy hashes ahead of the first sign-in, so it does not pay for them. */
export const warmUpPasswordChecks = async (): Promise<void> => void (await dummyHashes());

/** Unambiguous characters only (no 0/O, 1/l/I), so printed slips are typed correctly. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random one-time password of 10 characters. */
export function generatePassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
