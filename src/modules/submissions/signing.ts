/**
 * The school's Ed25519 signing key (Node's crypto only): made on first use, kept in
 * school_signing_keys with the private key as encrypted PKCS#8 (aes-256-cbc under a passphrase derived
 * with HKDF from the server's secret), the public key as SPKI PEM for export. Two requests making the
 * first key at once keep one (insert … on conflict do nothing, then read).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { schoolSigningKeys } from '../../db/schema/index.js';

export interface SigningKey {
  publicKeyPem: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** SHA-256 of the public key's DER (hex), printed in the manifest and on the office page. */
  fingerprint: string;
}

const passphrase = (secret: string, schoolId: string) =>
  Buffer.from(hkdfSync('sha256', secret, schoolId, 'licheng submission signing key', 32)).toString('base64');

export const fingerprintOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** The school's key pair, made now if it has none. */
export async function signingKeyOf(db: DbOrTx, schoolId: string, secret: string): Promise<SigningKey> {
  let [row] = await db.select().from(schoolSigningKeys).where(eq(schoolSigningKeys.schoolId, schoolId));
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    await db
      .insert(schoolSigningKeys)
      .values({
        schoolId,
        publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKey: pair.privateKey
          .export({
            type: 'pkcs8',
            format: 'pem',
            cipher: 'aes-256-cbc',
            passphrase: passphrase(secret, schoolId),
          })
          .toString(),
      })
      .onConflictDoNothing();
    [row] = await db.select().from(schoolSigningKeys).where(eq(schoolSigningKeys.schoolId, schoolId));
  }
  if (!row) throw new Error('signing key not stored');
  const publicKey = createPublicKey(row.publicKey);
  const privateKey = createPrivateKey({ key: row.privateKey, passphrase: passphrase(secret, schoolId) });
  return { publicKeyPem: row.publicKey, publicKey, privateKey, fingerprint: fingerprintOf(publicKey) };
}
