/**
 * One measured step of bench/roster.bench.ts in a process of its own, so its peak RSS is the step's
 * (a server worker building a package), not the seeding's: `baseline` zips the school's outcome files
 * with yazl; `26` / `25` run the package build job. Prints one JSON line.
 *
 *   node --import tsx bench/roster.child.ts <step> <database url> <storage dir> <school id> <year>
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import yazl from 'yazl';
import { connectDatabase } from '../src/db/client.js';
import { localBlobStore } from '../src/modules/storage/blob-store.js';
import { createSubmissionsService } from '../src/modules/submissions/submissions.service.js';

const [step, url, dir, schoolId, year] = process.argv.slice(2) as [string, string, string, string, string];
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const database = connectDatabase(url, { max: 2 });
const blobs = localBlobStore(path.join(dir, 'blobs'));
const startRss = process.memoryUsage().rss;
try {
  if (step === 'baseline') {
    const files = (
      await database.db.execute(sql`select sha256 from files where school_id = ${schoolId} order by id`)
    ).rows as { sha256: string }[];
    const t0 = performance.now();
    const zip = new yazl.ZipFile();
    const written = pipeline(zip.outputStream, fs.createWriteStream(path.join(dir, 'baseline.zip')));
    for (const [i, f] of files.entries()) {
      const source = await blobs.open(f.sha256);
      zip.addReadStream(source, `files/${i}.pdf`, { compress: false });
      await once(source, 'end');
    }
    zip.end();
    await written;
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ step, seconds, files: files.length, startRss, peakRss: peak }));
  } else {
    const svc = createSubmissionsService({
      db: database.db,
      blobs,
      incomingDir: path.join(dir, 'incoming'),
      secret: process.env.BENCH_SECRET ?? randomBytes(32).toString('hex'),
    });
    const t0 = performance.now();
    const pkg = await svc.buildForSchool(
      { id: schoolId, code: '999301' },
      { year: Number(year), roster: Number(step) },
    );
    const seconds = (performance.now() - t0) / 1000;
    if (pkg?.status !== 'built') throw new Error(`build failed: ${pkg?.error}`);
    const entries = (pkg.manifest as { files: unknown[] }).files.length;
    console.log(
      JSON.stringify({
        step,
        seconds,
        entries,
        size: pkg.size,
        startRss,
        peakRss: Math.max(peak, process.memoryUsage().rss),
      }),
    );
  }
} finally {
  clearInterval(sampler);
  await database.close();
}
