import path from 'node:path';
import type { Config } from '../../server/config.js';
import { type BlobStore, localBlobStore } from './blob-store.js';

/** The blob store the configuration chooses: local disk under the storage dir (default) or S3. */
export async function createBlobStore(config: Config, storageDir: string): Promise<BlobStore> {
  if (config.STORAGE === 's3') {
    const { s3BlobStore } = await import('./s3-store.js');
    return s3BlobStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET as string,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      prefix: config.S3_PREFIX,
    });
  }
  return localBlobStore(path.join(storageDir, 'blobs'));
}

/**
 * The central repository's own blob namespace (central_blobs): `central/blobs` under the storage dir, or
 * the `central/` folder under the configured S3 prefix. Never the school's blobs, so the repository can
 * run apart (`licheng start --role central`) and a school's garbage collection never touches it.
 */
export async function createCentralBlobStore(config: Config, storageDir: string): Promise<BlobStore> {
  if (config.STORAGE === 's3') {
    const { s3BlobStore } = await import('./s3-store.js');
    return s3BlobStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET as string,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      prefix: `${config.S3_PREFIX}central/`,
    });
  }
  return localBlobStore(path.join(storageDir, 'central', 'blobs'));
}
