/**
 * The submission package: a zip streamed with yazl of the roster workbook, every file its cells
 * reference (named as the cells say), `manifest.json` (each entry's SHA-256 and size, row counts per
 * sheet, school, year, semester, 名冊別, format and generator versions) and `manifest.sig`, the
 * school's Ed25519 signature of manifest.json's bytes. Files are re-hashed as they stream from the
 * blob store: bytes that no longer match their recorded digest stop the build. `verifyPackage` checks
 * the signature and every entry against the manifest.
 */
import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { once } from 'node:events';
import fs, { readFileSync } from 'node:fs';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { RosterFormat } from '../../domain/roster-formats.js';
import type { Cover, PackagedFile } from './workbook.js';

export const GENERATOR = {
  name: 'licheng',
  version: (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version,
};
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
/** A certified outcome's credential (VC-JWT) beside its file in the package (contracts.md §5). */
export const CREDENTIAL_SUFFIX = '.vc.jwt';

export interface Manifest {
  format: 'licheng-submission/1';
  schoolCode: string;
  academicYear: number;
  semester: number;
  roster: number;
  formatVersion: string;
  generator: { name: string; version: string };
  createdAt: string;
  signingKey: { algorithm: 'Ed25519'; fingerprint: string };
  workbook: { path: string; sheets: { name: string; rows: number }[] };
  files: { path: string; sha256: string; size: number }[];
}

export class CorruptFileError extends Error {
  constructor(readonly path: string) {
    super(`stored file does not match its digest: ${path}`);
  }
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

/** A transform that hashes and counts what passes. */
function hashing() {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

export interface BuildInput {
  format: RosterFormat;
  cover: Cover;
  workbook: { buffer: Buffer; rowCounts: Record<string, number>; files: PackagedFile[] };
  openBlob: (sha256: string) => Promise<Readable>;
  privateKey: KeyObject;
  fingerprint: string;
  createdAt: Date;
  out: Writable;
  /** Companion entries by file path: a certified outcome's credential, written as `<path>.vc.jwt`. */
  credentials?: Map<string, string>;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

/**
 * Streams the package into `out`; resolves with the package's SHA-256 and size, the manifest and its
 * signature. Entries are stored (workbooks, PDFs, images and media are compressed already).
 */
export async function buildPackage(input: BuildInput) {
  const { format, cover, workbook } = input;
  // yazl, not archiver: the 18,000 entries of a year's 名冊 26 cost archiver ≈ 8 KB each until the end
  // (docs/BENCHMARKS.md); yazl keeps only what the central directory needs.
  const zip = new yazl.ZipFile();
  const whole = hashing();
  const written = pipeline(zip.outputStream, whole.stream, input.out);
  // A failed write (disk full, the consumer gone) must not leave the loop below waiting for an entry.
  let failure: unknown = null;
  written.catch((e) => {
    failure = e;
  });
  const date = input.createdAt;
  const entries: Manifest['files'] = [];

  const workbookPath = format.fileName;
  entries.push({
    path: workbookPath,
    sha256: createHash('sha256').update(workbook.buffer).digest('hex'),
    size: workbook.buffer.length,
  });
  zip.addBuffer(workbook.buffer, workbookPath, { mtime: date, compress: false });

  const total = workbook.files.length;
  let done = 0;
  for (const file of workbook.files) {
    const h = hashing();
    const source = await input.openBlob(file.sha256);
    // One entry at a time: the next blob is opened once this one has streamed into the zip.
    source.once('error', (e) => h.stream.destroy(e));
    zip.addReadStream(source.pipe(h.stream), file.path, { mtime: date, compress: false });
    try {
      await Promise.race([once(h.stream, 'end'), written]);
      if (failure) throw failure;
    } catch (e) {
      (zip.outputStream as Readable).destroy(e instanceof Error ? e : new Error(String(e)));
      await written.catch(() => undefined);
      throw e;
    }
    const got = h.result();
    if (got.sha256 !== file.sha256) {
      (zip.outputStream as Readable).destroy(new CorruptFileError(file.path));
      await written.catch(() => undefined);
      throw new CorruptFileError(file.path);
    }
    entries.push({ path: file.path, sha256: got.sha256, size: got.size });
    const credential = input.credentials?.get(file.path);
    if (credential) {
      const bytes = Buffer.from(credential, 'utf8');
      const companion = `${file.path}${CREDENTIAL_SUFFIX}`;
      entries.push({
        path: companion,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
      });
      zip.addBuffer(bytes, companion, { mtime: date, compress: false });
    }
    done++;
    if (done % 200 === 0 || done === total) await input.onProgress?.(done, total);
  }

  const manifest: Manifest = {
    format: 'licheng-submission/1',
    schoolCode: cover.schoolCode,
    academicYear: cover.academicYear,
    semester: cover.semester,
    roster: format.roster,
    formatVersion: format.version,
    generator: GENERATOR,
    createdAt: date.toISOString(),
    signingKey: { algorithm: 'Ed25519', fingerprint: input.fingerprint },
    workbook: {
      path: workbookPath,
      sheets: format.sheets.map((s) => ({ name: s.name, rows: workbook.rowCounts[s.name] ?? 0 })),
    },
    files: entries,
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = sign(null, manifestBytes, input.privateKey).toString('base64');
  zip.addBuffer(manifestBytes, MANIFEST, { mtime: date, compress: true });
  zip.addBuffer(Buffer.from(`${signature}\n`), SIGNATURE, { mtime: date, compress: true });
  zip.end();
  await written;
  const result = whole.result();
  return { ...result, manifest, signature };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

/**
 * Checks a package: the signature of manifest.json by `publicKey`, every entry's SHA-256 and size
 * against the manifest, and that nothing is missing or added. Streams; never holds the package.
 */
export async function verifyPackage(
  file: string,
  publicKey: KeyObject,
): Promise<{ ok: boolean; problems: string[]; manifest: Manifest | null }> {
  const problems: string[] = [];
  const zip = await openZip(file);
  const digests = new Map<string, { sha256: string; size: number }>();
  const small = new Map<string, Buffer>();
  try {
    const openEntry = (entry: yauzl.Entry) =>
      new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s as Readable))),
      );
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        (async () => {
          const stream = await openEntry(entry);
          if (entry.fileName === MANIFEST || entry.fileName === SIGNATURE) {
            const chunks: Buffer[] = [];
            for await (const c of stream) chunks.push(c as Buffer);
            small.set(entry.fileName, Buffer.concat(chunks));
          } else {
            const h = hashing();
            await pipeline(stream, h.stream, sink());
            if (digests.has(entry.fileName)) problems.push(`duplicate entry ${entry.fileName}`);
            digests.set(entry.fileName, h.result());
          }
          zip.readEntry();
        })().catch(reject);
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (e) {
    problems.push(`unreadable package: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    zip.close();
  }
  const manifestBytes = small.get(MANIFEST);
  const signature = small.get(SIGNATURE);
  if (!manifestBytes || !signature) {
    return { ok: false, problems: [...problems, 'manifest.json or manifest.sig missing'], manifest: null };
  }
  if (!verify(null, manifestBytes, publicKey, Buffer.from(signature.toString('utf8').trim(), 'base64'))) {
    problems.push('signature does not match manifest.json');
  }
  let manifest: Manifest | null = null;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    problems.push('manifest.json is not JSON');
  }
  for (const f of manifest?.files ?? []) {
    const got = digests.get(f.path);
    if (!got) problems.push(`missing ${f.path}`);
    else if (got.sha256 !== f.sha256 || got.size !== f.size) problems.push(`digest mismatch ${f.path}`);
    digests.delete(f.path);
  }
  for (const extra of digests.keys()) problems.push(`not in manifest ${extra}`);
  return { ok: problems.length === 0, problems, manifest };
}

/** SHA-256 of a file on disk (the package, for the CLI). */
export async function sha256File(file: string) {
  const h = hashing();
  await pipeline(fs.createReadStream(file), h.stream, sink());
  return h.result();
}
