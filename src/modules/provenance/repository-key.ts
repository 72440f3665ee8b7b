/**
 * The central repository's own Ed25519 key (receipt credentials), made on first use like the schools'
 * keys (submissions/signing.ts): the private key as encrypted PKCS#8 under a passphrase derived with
 * HKDF from the server's secret, the public key as SPKI PEM. Two first uses at once keep one.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { repositorySigningKeys } from '../../db/schema/index.js';
import { fingerprintOf, type SigningKey } from '../submissions/signing.js';

const ID = 'repository';
const passphrase = (secret: string) =>
  Buffer.from(hkdfSync('sha256', secret, ID, 'licheng repository signing key', 32)).toString('base64');

async function rowOf(db: DbOrTx, secret: string) {
  let [row] = await db.select().from(repositorySigningKeys).where(eq(repositorySigningKeys.id, ID));
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    await db
      .insert(repositorySigningKeys)
      .values({
        id: ID,
        publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKey: pair.privateKey
          .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: passphrase(secret) })
          .toString(),
      })
      .onConflictDoNothing();
    [row] = await db.select().from(repositorySigningKeys).where(eq(repositorySigningKeys.id, ID));
  }
  if (!row) throw new Error('repository signing key not stored');
  return row;
}

/** The public half only (publishing needs no passphrase). */
export async function repositoryPublicKeyOf(db: DbOrTx, secret: string) {
  const row = await rowOf(db, secret);
  return { publicKeyPem: row.publicKey, publicKey: createPublicKey(row.publicKey) };
}

export async function repositoryKeyOf(db: DbOrTx, secret: string): Promise<SigningKey> {
  const row = await rowOf(db, secret);
  const publicKey = createPublicKey(row.publicKey);
  const privateKey = createPrivateKey({ key: row.privateKey, passphrase: passphrase(secret) });
  return { publicKeyPem: row.publicKey, publicKey, privateKey, fingerprint: fingerprintOf(publicKey) };
}
