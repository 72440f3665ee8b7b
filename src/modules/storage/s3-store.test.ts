/**
 * The S3 store against a local S3-compatible server (s3rver): the same contract as local disk.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../db/test-util.js';
import { blobStoreContract } from './blob-store.contract.js';
import { s3BlobStore } from './s3-store.js';

let server: S3rver;
let endpoint = '';
let dir = '';

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-s3rver-'));
  const port = await freePort();
  server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: dir,
    silent: true,
    configureBuckets: [{ name: 'licheng', configs: [] }],
  });
  await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

blobStoreContract('S3 (s3rver)', () =>
  s3BlobStore({
    endpoint,
    region: 'us-east-1',
    bucket: 'licheng',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    prefix: 'blobs/',
  }),
);
