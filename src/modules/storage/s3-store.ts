/**
 * S3-compatible blob store (any endpoint; path-style option). A blob is durable once the PUT is
 * acknowledged. The SDK is loaded only when this store is configured.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { type BlobInfo, type BlobStore, isDigest } from './blob-store.js';

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `licheng/`. */
  prefix: string;
}

export async function s3BlobStore(settings: S3Settings): Promise<BlobStore> {
  const sdk = await import('@aws-sdk/client-s3');
  const client: S3Client = new sdk.S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
        : undefined,
    // Checksums only when the operation requires them: S3-compatible servers differ in support, and
    // the content address (SHA-256) is verified by us anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  const keyOf = (sha256: string) => {
    if (!isDigest(sha256)) throw new Error('invalid digest');
    return `${settings.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  };
  const notFound = (e: unknown) => {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
  };

  async function stat(sha256: string) {
    if (!isDigest(sha256)) return null;
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket, Key: keyOf(sha256) }));
      return { size: Number(head.ContentLength ?? 0), mtime: head.LastModified };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async function putBody(sha256: string, body: Buffer | Readable, size: number) {
    await client.send(
      new sdk.PutObjectCommand({
        Bucket,
        Key: keyOf(sha256),
        Body: body,
        ContentLength: size,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  return {
    kind: 's3',
    // The bytes become durable in the bucket; the local file is only read.
    syncSource: async () => undefined,
    async putFile(source, digest) {
      try {
        if (!(await stat(digest.sha256))) await putBody(digest.sha256, createReadStream(source), digest.size);
      } finally {
        await fs.rm(source, { force: true });
      }
    },
    async put(data) {
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (!(await stat(sha256))) await putBody(sha256, data, data.length);
      return { sha256, size: data.length };
    },
    async open(sha256, range) {
      const res = await client.send(
        new sdk.GetObjectCommand({
          Bucket,
          Key: keyOf(sha256),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return res.Body as Readable;
    },
    stat,
    async *list(): AsyncIterable<BlobInfo> {
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListObjectsV2Command({ Bucket, Prefix: settings.prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          const name = o.Key?.split('/').at(-1) ?? '';
          if (isDigest(name))
            yield { sha256: name, size: Number(o.Size ?? 0), mtime: o.LastModified ?? new Date(0) };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async remove(sha256) {
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: keyOf(sha256) }));
    },
  };
}
