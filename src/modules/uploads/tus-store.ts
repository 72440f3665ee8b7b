/**
 * The tus store: @tus/file-store's layout (one file per upload under TUS_DIR, named by its id), with the
 * uploads' infos in PostgreSQL (`tus_uploads`) instead of JSON files beside them, and the per-upload
 * file-system work trimmed, because every upload of the deadline night goes through it:
 * - creation touches no file: it records the info, and the upload's file is made by its first PATCH.
 *   (Small file operations at creation waited in libuv's threadpool behind the writes and fsyncs of the
 *   uploads being received: seconds at the 99th percentile under load, docs/BENCHMARKS.md.)
 * - upload bodies are written in batches (receive.ts) straight from the socket (tus-patch.ts);
 * - an info is kept in memory too once seen: it is read three times per upload (creation, our owner
 *   check, the PATCH itself) and never changes after creation (the length is required up front).
 * Every instance reads the same rows, so after a restart or on another instance sharing TUS_DIR an upload
 * continues where it stopped.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS, isPathInsideDirectory, type KvStore, Upload } from '@tus/utils';
import type { Db } from '../../db/client.js';
import { isDiskFull } from '../../server/disk-full.js';
import { WriteFailed, writeBatched } from './receive.js';
import * as repo from './tus.repo.js';

/** Upload infos by id in PostgreSQL; the newest `limit` seen by this process also in memory. */
class InfoStore implements KvStore<Upload> {
  private readonly cache = new Map<string, Upload>();
  /** Counts forgets: a read that a forget overtook may hold a row from before the forget's commit. */
  private forgets = 0;

  constructor(
    private readonly db: Db,
    private readonly limit = 10_000,
  ) {}

  private remember(key: string, value: Upload) {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > this.limit) this.cache.delete(this.cache.keys().next().value as string);
  }

  async get(key: string) {
    return this.cache.get(key) ?? this.reread(key);
  }

  /** The info as PostgreSQL has it now (another instance may have finished or removed the upload). */
  async reread(key: string) {
    let value: Upload | undefined;
    for (let attempt = 0; ; attempt++) {
      const before = this.forgets;
      value = (await repo.findTusInfo(this.db, key)) as Upload | undefined;
      // A finish that recorded the file (and removed the info in the same commit) forgot the upload
      // while this read was under way: read again, or a stale info would stay cached for good and
      // the upload would look in progress again (a HEAD answered without its file).
      if (this.forgets === before) break;
      if (attempt === 2) return value;
    }
    if (value) this.remember(key, value);
    else this.cache.delete(key);
    return value;
  }

  async set(key: string, value: Upload) {
    await repo.saveTusInfo(this.db, key, value as unknown as repo.TusInfo);
    this.remember(key, value);
  }

  /** Forgets the cached info of an upload whose row is gone. */
  forget(key: string) {
    this.forgets++;
    this.cache.delete(key);
  }

  async delete(key: string) {
    this.cache.delete(key);
    await repo.deleteTusInfo(this.db, key);
    this.forgets++;
    this.cache.delete(key);
  }
}

export class LichengTusStore extends FileStore {
  private readonly infos: InfoStore;
  /**
   * Uploads created by this process whose offset nobody has asked for yet: with expiry on, the creation
   * request itself asks once (for Upload-Expires), and before its response nobody else knows the id, so
   * it is 0.
   */
  private readonly justCreated = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly db: Db,
    private readonly expiryMs: number,
  ) {
    const infos = new InfoStore(db);
    super({ directory: dir, configstore: infos, expirationPeriodInMilliseconds: expiryMs });
    this.infos = infos;
  }

  /** The file of an upload; never outside the directory (ids come from URLs). */
  private fileOf(id: string) {
    const file = path.join(this.dir, id);
    if (!isPathInsideDirectory(this.dir, file)) throw ERRORS.FILE_NOT_FOUND;
    return file;
  }

  /** As FileStore.create, without touching the file system: the first PATCH makes the file. */
  override async create(file: Upload) {
    const filePath = this.fileOf(file.id);
    await this.infos.set(file.id, file);
    if (this.expiryMs > 0) this.justCreated.add(file.id);
    file.storage = { type: 'file', path: filePath };
    return file;
  }

  /** As FileStore.getUpload; an upload without a file yet has received nothing (offset 0). */
  override async getUpload(id: string): Promise<Upload> {
    const filePath = this.fileOf(id);
    const info = await this.infos.get(id);
    if (!info) {
      // Finished (its file row keeps its id): every byte is there. A creation that carried the whole
      // file asks this once more after finishing, for Upload-Expires.
      const finished = await repo.finishedTusUpload(this.db, id);
      if (!finished) throw ERRORS.FILE_NOT_FOUND;
      return new Upload({ id, size: finished.size, offset: finished.size });
    }
    const upload = (offset: number) =>
      new Upload({
        id,
        size: info.size,
        offset,
        metadata: info.metadata,
        creation_date: info.creation_date,
        storage: { type: 'file', path: filePath },
      });
    if (this.justCreated.delete(id)) return upload(0);
    try {
      const stats = await fs.stat(filePath);
      if (stats.isDirectory()) throw ERRORS.FILE_NOT_FOUND;
      return upload(stats.size);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // No file: not begun yet, unless the upload ended meanwhile (its info is gone).
      if (!(await this.infos.reread(id))) throw ERRORS.FILE_NOT_FOUND;
      return upload(0);
    }
  }

  /**
   * Who created an upload (recorded in its info at creation), from the info alone: unlike getUpload it
   * does not stat the file, as checking the owner before every PATCH and HEAD needs no offset.
   */
  async ownerOf(id: string): Promise<string | undefined> {
    this.fileOf(id);
    return (await this.infos.get(id))?.metadata?.owner ?? undefined;
  }

  /** Forgets an upload whose info was removed with the recording of its file (files.repo.recordFile). */
  forget(id: string) {
    this.justCreated.delete(id);
    this.infos.forget(id);
  }

  /** Removes an upload's info (after the intake pipeline refused it). */
  removeInfo(id: string) {
    this.justCreated.delete(id);
    return this.infos.delete(id).catch(() => undefined);
  }

  /** Termination and expiry: the received bytes (if any) and the info. */
  override async remove(id: string) {
    this.justCreated.delete(id);
    await fs.rm(this.fileOf(id), { force: true });
    await this.infos.delete(id);
  }

  /**
   * Removes uploads begun longer ago than the expiry period (they would be gone if finished), and files
   * in the directory that no upload refers to and that are as old. Resolves with how many.
   */
  override async deleteExpired() {
    if (this.expiryMs <= 0) return 0;
    const expired = await repo.tusUploadsOlderThan(this.db, this.expiryMs);
    for (const id of expired) await this.remove(id);
    return expired.length + (await this.removeStrayFiles(Date.now() - this.expiryMs));
  }

  /**
   * Files of uploads whose info is gone: none in normal operation (the info is made before the file and
   * removed after it), but after `licheng restore` of an older database, or from files put there by hand.
   */
  private async removeStrayFiles(before: number) {
    // (Also an earlier version's `.json` info that could not be adopted: no upload has such an id.)
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const known = new Set(await repo.tusUploadsAmong(this.db, names));
    let removed = 0;
    for (const name of names.filter((n) => !known.has(n))) {
      const file = path.join(this.dir, name);
      const stats = await fs.stat(file).catch(() => undefined);
      if (stats?.isFile() && stats.mtimeMs < before) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /**
   * Moves the infos an earlier version kept as `<id>.json` files in the directory into PostgreSQL, so
   * that uploads in progress during an upgrade continue. Returns how many it moved.
   */
  async adoptFileInfos() {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    let moved = 0;
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.dir, name);
      // Another instance sharing the directory may have taken it already; an unreadable one (cut short
      // by a crash) is left where it is, and its bytes expire like any stray file.
      const info = await fs
        .readFile(file, 'utf8')
        .then((text) => JSON.parse(text) as Upload)
        .catch(() => undefined);
      if (!info || info.id !== name.slice(0, -'.json'.length)) continue;
      if (!(await this.infos.get(info.id))) await this.infos.set(info.id, info);
      await fs.rm(file, { force: true });
      moved++;
    }
    return moved;
  }

  /** As FileStore.write: bytes received before a connection drops stay written; the upload resumes from them. */
  override write(readable: Readable, id: string, offset: number) {
    return this.receive(readable, id, offset);
  }

  /**
   * Appends a request body at `offset` (making the upload's file at its first bytes), refusing more than
   * `limit` bytes (ERR_MAX_SIZE_EXCEEDED) and stopping, with what arrived written, when `signal` aborts.
   * Resolves with the new offset.
   */
  async receive(
    source: AsyncIterable<Buffer>,
    id: string,
    offset: number,
    opts: { limit?: number; signal?: AbortSignal } = {},
  ) {
    const { limit = Number.POSITIVE_INFINITY, signal } = opts;
    this.justCreated.delete(id);
    const handle = await fs.open(this.fileOf(id), constants.O_RDWR | constants.O_CREAT, 0o640);
    try {
      const onChunk = (total: number) => {
        if (total > limit) throw ERRORS.ERR_MAX_SIZE_EXCEEDED;
      };
      return offset + (await writeBatched(source, handle, { position: offset, onChunk, signal }));
    } catch (e) {
      // A full disk keeps its cause: tus answers it as STORAGE_FULL (tus-errors.ts).
      if (e === ERRORS.ERR_MAX_SIZE_EXCEEDED || isDiskFull(e)) throw e;
      throw e instanceof WriteFailed ? ERRORS.FILE_WRITE_ERROR : ERRORS.ABORTED;
    } finally {
      await handle.close();
    }
  }
}
