/**
 * Submission package benchmark (issue #18 §3): a school of 3,000 students, each with 6 selected course
 * outcomes (one document each) and 10 selected performances: 18,000 files. Measured in one run:
 *   - baseline: the same 18,000 blobs zipped with the same library (yazl, stored entries, one entry
 *     at a time from the blob store), no workbook, no hashing, no database;
 *   - the package: the build job's whole work (rows from the database, the 名冊 26 workbook, every file
 *     re-hashed as it streams into the zip, manifest + Ed25519 signature, the zip stored as a blob,
 *     18,000 frozen items) — and the same for 名冊 25 (30,000 performance rows, no files);
 *   - peak RSS of each step, sampled every 20 ms in a process of its own (bench/roster.child.ts).
 * Files are small (4–16 KB of random bytes) so the run fits the shared machine's disk and time; the
 * ratio compares the same bytes either way.
 *
 *   npm run bench:roster            (STUDENTS=3000 by default)
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { withCheckDigit } from '../src/domain/national-id.js';
import { benchDatabase } from './bench-db.js';

const STUDENTS = Number(process.env.STUDENTS ?? 3000);
const OUTCOMES = 6;
const PERFORMANCES = 10;
const YEAR = 115;

const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;

async function main() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'licheng-rosterbench-'));
  await fsp.chmod(dir, 0o755);
  const bench = await benchDatabase(dir);
  const db = bench.database.db;
  const schoolId = bench.school.id;
  const root = path.join(dir, 'blobs');
  try {
    const began = performance.now();
    const [user] = (
      await db.execute(sql`insert into users (school_id, username, display_name, password_hash, must_change_password)
        values (${schoolId}, 'bench-teacher', '測試老師', 'x', false) returning id`)
    ).rows as { id: string }[];
    const userId = user?.id as string;
    await db.execute(sql`insert into terms (school_id, academic_year, semester, starts_on, ends_on) values
      (${schoolId}, ${YEAR}, 1, '2026-08-01', '2027-01-31'), (${schoolId}, ${YEAR}, 2, '2027-02-01', '2027-07-31')`);
    await db.execute(sql`insert into classes (school_id, academic_year, grade, department, name)
      select ${schoolId}, ${YEAR}, 10 + (g % 3), '普通科', '班' || g from generate_series(0, 59) g`);
    const ids = Array.from({ length: STUDENTS }, (_, i) => withCheckDigit(`A2${String(i).padStart(7, '0')}`));
    await db.execute(sql`insert into students (school_id, student_no, national_id, name, birth_date, gender, entry_year, class_id, seat_no)
      select ${schoolId}, 'S' || g, (${`{${ids.join(',')}}`}::text[])[g], '學生' || g, '2010-03-05', 'M', ${YEAR},
        (select id from classes where school_id = ${schoolId} and name = '班' || (g % 60)), g % 50 + 1
      from generate_series(1, ${STUDENTS}) g`);
    // 3 courses per semester; each student has one outcome per course.
    await db.execute(sql`insert into courses (school_id, term_id, code, name, credits, grade)
      select t.school_id, t.id, '115999301111101011101' || t.semester || c, '課程' || t.semester || c, 2, 10
      from terms t, generate_series(1, 3) c where t.school_id = ${schoolId}`);
    // 18,000 distinct small blobs written straight into the local store's layout, and their rows.
    const digests: { sha: string; size: number }[] = [];
    for (let i = 0; i < STUDENTS * OUTCOMES; i++) {
      const data = randomBytes(4096 + Math.floor(Math.random() * 12_288));
      const sha = createHash('sha256').update(data).digest('hex');
      const d = path.join(root, sha.slice(0, 2), sha.slice(2, 4));
      await fsp.mkdir(d, { recursive: true });
      await fsp.writeFile(path.join(d, sha), data);
      digests.push({ sha, size: data.length });
    }
    const bytes = digests.reduce((a, d) => a + d.size, 0);
    for (let i = 0; i < digests.length; i += 2000) {
      const part = digests.slice(i, i + 2000);
      await db.execute(sql`insert into blobs (sha256, size, mime)
        select unnest(${`{${part.map((d) => d.sha).join(',')}}`}::text[]), unnest(${`{${part.map((d) => d.size).join(',')}}`}::bigint[]), 'application/pdf'`);
      await db.execute(sql`insert into files (school_id, owner_user_id, purpose, sha256, size, mime, original_name, via)
        select ${schoolId}, ${userId}, 'outcomeDocument', b.sha256, b.size, b.mime, 'report.pdf', 'plain'
        from blobs b where b.sha256 = any(${`{${part.map((d) => d.sha).join(',')}}`}::text[])`);
    }
    await db.execute(sql`
      with f as (select id, row_number() over (order by id) - 1 as n from files where school_id = ${schoolId}),
      s as (select id, row_number() over (order by student_no) - 1 as n from students where school_id = ${schoolId}),
      c as (select c.id, c.term_id, row_number() over (order by c.code) - 1 as n from courses c where c.school_id = ${schoolId})
      insert into outcomes (school_id, student_id, course_id, term_id, title, summary, document_file_id, status, decided_at, decided_by)
      select ${schoolId}, s.id, c.id, c.term_id, '成果', '期末報告與反思', f.id, 'passed', now(), ${userId}
      from f join s on s.n = f.n / ${OUTCOMES} join c on c.n = f.n % ${OUTCOMES}`);
    await db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, outcome_id)
      select school_id, student_id, ${YEAR}, 'outcome', id from outcomes where school_id = ${schoolId}`);
    await db.execute(sql`insert into performances (school_id, student_id, academic_year, category, fields, summary, starts_on)
      select ${schoolId}, s.id, ${YEAR}, 'work', jsonb_build_object('name', '作品' || g), '專題作品', '2026-10-01'
      from students s, generate_series(1, ${PERFORMANCES}) g where s.school_id = ${schoolId}`);
    await db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, performance_id)
      select school_id, student_id, ${YEAR}, 'performance', id from performances where school_id = ${schoolId}`);
    console.log(
      `seeded ${STUDENTS} students, ${digests.length} files (${mb(bytes)}), ${STUDENTS * PERFORMANCES} performances ` +
        `in ${((performance.now() - began) / 1000).toFixed(0)} s (${bench.engine})`,
    );

    // Each measured step runs in a process of its own (its RSS is the step's, not the seeding's).
    const secret = randomBytes(32).toString('hex');
    const run = (step: string) => {
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(import.meta.dirname, 'roster.child.ts'),
          step,
          bench.url,
          dir,
          schoolId,
          String(YEAR),
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, BENCH_SECRET: secret },
        },
      );
      return JSON.parse(out.trim().split('\n').at(-1) as string) as {
        seconds: number;
        peakRss: number;
        startRss: number;
        entries?: number;
        size?: number;
      };
    };
    const baseline = run('baseline');
    console.log(
      `baseline (yazl, ${digests.length} files, no workbook, own process): ${baseline.seconds.toFixed(1)} s, ` +
        `peak RSS ${mb(baseline.peakRss)} (at start ${mb(baseline.startRss)})`,
    );
    const r26 = run('26');
    const ratio = r26.seconds / baseline.seconds;
    console.log(
      `名冊 26 build job (own process): ${r26.seconds.toFixed(1)} s, ${r26.entries} entries, ${mb(r26.size ?? 0)}, ` +
        `peak RSS ${mb(r26.peakRss)} (at start ${mb(r26.startRss)}), ratio to baseline ${ratio.toFixed(2)}×`,
    );
    const r25 = run('25');
    console.log(
      `名冊 25 build job (own process, ${STUDENTS * PERFORMANCES} rows, no files): ${r25.seconds.toFixed(1)} s, ` +
        `peak RSS ${mb(r25.peakRss)}`,
    );
    const ok = ratio <= 2 && r26.peakRss < 300 * 1_048_576;
    console.log(`targets (ratio ≤ 2×, RSS < 300 MB): ${ok ? 'met' : 'NOT met'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await bench.drop();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

await main();
