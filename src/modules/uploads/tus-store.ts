/**
 * The tus file store (@tus/file-store) with the per-upload file-system work trimmed, because every
 * upload of the deadline night goes through it:
 * - PATCH bodies are written in batches (receive.ts) instead of through a Transform and a WriteStream,
 *   straight from the socket (tus-patch.ts);
 * - an upload's info (size, metadata, owner) is kept in memory as well as in its JSON file: it is read
 *   three times per upload (creation, our owner check, the PATCH itself) and never changes after
 *   creation (the length is required up front), so only the first instance that sees it reads the disk;
 * - creation does not make the (existing) directory again for every upload.
 * The JSON files stay the durable state: after a restart, or on another instance sharing TUS_DIR, an
 * upload's info is read from them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS, FileKvStore, isPathInsideDirectory, type KvStore, type Upload } from '@tus/utils';
import { WriteFailed, writeBatched } from './receive.js';

/** Upload infos by id, newest last; the oldest are forgotten beyond `limit` (they stay on disk). */
class CachedKvStore implements KvStore<Upload> {
  private readonly cache = new Map<string, Upload>();

  constructor(
    private readonly disk: FileKvStore<Upload>,
    private readonly limit = 10_000,
  ) {}

  private remember(key: string, value: Upload) {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > this.limit) this.cache.delete(this.cache.keys().next().value as string);
  }

  async get(key: string) {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const value = await this.disk.get(key);
    if (value) this.remember(key, value);
    return value;
  }

  async set(key: string, value: Upload) {
    await this.disk.set(key, value);
    this.remember(key, value);
  }

  async delete(key: string) {
    this.cache.delete(key);
    await this.disk.delete(key);
  }

  list() {
    return this.disk.list();
  }
}

export class LichengTusStore extends FileStore {
  constructor(
    private readonly dir: string,
    expiryMs: number,
  ) {
    super({
      directory: dir,
      configstore: new CachedKvStore(new FileKvStore<Upload>(dir)),
      expirationPeriodInMilliseconds: expiryMs,
    });
  }

  /** The file of an upload; never outside the directory (ids come from URLs). */
  private fileOf(id: string) {
    const file = path.join(this.dir, id);
    if (!isPathInsideDirectory(this.dir, file)) throw ERRORS.FILE_NOT_FOUND;
    return file;
  }

  /** As FileStore.create: an empty file and its info, without a mkdir per upload. */
  override async create(file: Upload) {
    const filePath = this.fileOf(file.id);
    await fs.writeFile(filePath, '');
    await this.configstore.set(file.id, file);
    file.storage = { type: 'file', path: filePath };
    return file;
  }

  /**
   * Who created an upload (recorded in its info at creation), from the info alone: unlike getUpload it
   * does not stat the file, as checking the owner before every PATCH and HEAD needs no offset.
   */
  async ownerOf(id: string): Promise<string | undefined> {
    this.fileOf(id);
    return (await this.configstore.get(id))?.metadata?.owner ?? undefined;
  }

  /** Forgets an upload's info (after it was handed to the intake pipeline). */
  removeInfo(id: string) {
    return this.configstore.delete(id).catch(() => undefined);
  }

  /** As FileStore.write: bytes received before a connection drops stay written; the upload resumes from them. */
  override write(readable: Readable, id: string, offset: number) {
    return this.receive(readable, id, offset);
  }

  /**
   * Appends a request body at `offset`, refusing more than `limit` bytes (ERR_MAX_SIZE_EXCEEDED) and
   * stopping, with what arrived written, when `signal` aborts. Resolves with the new offset.
   */
  async receive(
    source: AsyncIterable<Buffer>,
    id: string,
    offset: number,
    opts: { limit?: number; signal?: AbortSignal } = {},
  ) {
    const { limit = Number.POSITIVE_INFINITY, signal } = opts;
    const handle = await fs.open(this.fileOf(id), 'r+');
    try {
      const onChunk = (total: number) => {
        if (total > limit) throw ERRORS.ERR_MAX_SIZE_EXCEEDED;
      };
      return offset + (await writeBatched(source, handle, { position: offset, onChunk, signal }));
    } catch (e) {
      if (e === ERRORS.ERR_MAX_SIZE_EXCEEDED) throw e;
      throw e instanceof WriteFailed ? ERRORS.FILE_WRITE_ERROR : ERRORS.ABORTED;
    } finally {
      await handle.close();
    }
  }
}
