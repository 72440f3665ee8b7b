/**
 * Certification benchmark (issue: course outcomes): a city-wide database of 1,000,000 outcomes over 100
 * schools, one teacher with 2,000 pending items. Measured server-side (in-process requests through the
 * whole HTTP stack, no network):
 *   - the queue endpoint (first page with counts), 200 requests: p50/p95;
 *   - the bulk pass of 100 items: 10 requests of 100 different items;
 *   - baseline, same run: GET /api/v1/me (session lookup, no work), 200 requests.
 * The query plans of the queue are printed (EXPLAIN ANALYZE).
 *
 *   npm run bench:certification
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../src/modules/auth/password.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { benchDatabase } from './bench-db.js';

const SCHOOLS = 100;
const STUDENTS_PER_SCHOOL = 500;
const COURSES_PER_SCHOOL = 50;
const OUTCOMES_PER_STUDENT = 20;
const TEACHER_COURSES = 10;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-certbench-'));
  await fs.chmod(dir, 0o755);
  const bench = await benchDatabase(dir);
  const db = bench.database.db;
  try {
    const began = performance.now();
    const hash = await hashPassword('bench-password-1');
    await db.execute(
      sql`insert into schools (code, name) select lpad(i::text, 6, '0'), 'School ' || i from generate_series(2, ${SCHOOLS}) i`,
    );
    await db.execute(sql`insert into terms (school_id, academic_year, semester, starts_on, ends_on)
      select id, 115, 1, '2026-08-01', '2027-01-31' from schools`);
    await db.execute(sql`insert into students (school_id, student_no, national_id, name, birth_date, gender, entry_year)
      select s.id, 'S' || g, 'X' || lpad(g::text, 9, '0'), '學生' || g, '2010-01-01', 'M', 115
      from schools s, generate_series(1, ${STUDENTS_PER_SCHOOL}) g`);
    await db.execute(sql`insert into courses (school_id, term_id, code, name, credits, grade)
      select t.school_id, t.id, '115999301321301011B' || lpad(g::text, 4, '0'), '課程' || g, 2, 10
      from terms t, generate_series(1, ${COURSES_PER_SCHOOL}) g`);
    const [bench1] = (await db.execute(sql`select id from schools where code = '999301'`)).rows as {
      id: string;
    }[];
    const schoolId = bench1?.id as string;
    const [teacher] = (
      await db.execute(sql`insert into users (school_id, username, display_name, password_hash, must_change_password)
        values (${schoolId}, 'bench-teacher', '測試老師', ${hash}, false) returning id`)
    ).rows as { id: string }[];
    await db.execute(sql`insert into user_roles (user_id, role) values (${teacher?.id}, 'teacher')`);
    await db.execute(
      sql`insert into staff (school_id, staff_no, name, user_id) values (${schoolId}, 'T1', '測試老師', ${teacher?.id})`,
    );
    await db.execute(sql`insert into course_teachers (course_id, staff_id)
      select c.id, (select id from staff where staff_no = 'T1') from courses c
      where c.school_id = ${schoolId} and c.code <= ${`115999301321301011B${String(TEACHER_COURSES).padStart(4, '0')}`}`);
    const sha = randomBytes(32).toString('hex');
    await db.execute(sql`insert into blobs (sha256, size, mime) values (${sha}, 1000, 'application/pdf')`);
    const [file] = (
      await db.execute(sql`insert into files (school_id, owner_user_id, purpose, sha256, size, mime, original_name, via)
        values (${schoolId}, ${teacher?.id}, 'outcomeDocument', ${sha}, 1000, 'application/pdf', 'x.pdf', 'plain') returning id`)
    ).rows as { id: string }[];
    // 20 outcomes per student, spread over the school's courses; the teacher's courses are all pending.
    await db.execute(sql`
      insert into outcomes (school_id, student_id, course_id, term_id, title, summary, document_file_id, status, created_at, updated_at)
      select s.school_id, s.id, c.id, c.term_id, '成果', '簡述', ${file?.id},
        (case when cs.school_id = ${schoolId} and cs.code <= ${`115999301321301011B${String(TEACHER_COURSES).padStart(4, '0')}`}
          then 'pending' else (array['passed','passed','passed','failed','pending'])[1 + (abs(hashtext(s.id::text || k)) % 5)] end),
        now() - make_interval(mins => k), now() - make_interval(mins => k)
      from students s
      cross join generate_series(1, ${OUTCOMES_PER_STUDENT}) k
      join lateral (select id, term_id, school_id, code from courses c2 where c2.school_id = s.school_id
        order by c2.code offset ((abs(hashtext(s.id::text)) + k * 7) % ${COURSES_PER_SCHOOL}) limit 1) c on true
      join courses cs on cs.id = c.id`);
    await db.execute(sql`insert into windows (school_id, term_id, academic_year, kind, opens_at, closes_at)
      select school_id, id, academic_year, 'certification', now() - interval '1 day', now() + interval '1 day'
      from terms where school_id = ${schoolId}`);
    await db.execute(sql`analyze`);
    const [{ n: total } = { n: 0 }] = (await db.execute(sql`select count(*)::int as n from outcomes`))
      .rows as { n: number }[];
    const [{ n: pending } = { n: 0 }] = (
      await db.execute(sql`select count(*)::int as n from outcomes o join course_teachers ct on ct.course_id = o.course_id
        join staff st on st.id = ct.staff_id where st.staff_no = 'T1' and o.status = 'pending'`)
    ).rows as { n: number }[];
    console.log(
      `seeded ${total} outcomes (${pending} pending for the teacher) in ${((performance.now() - began) / 1000).toFixed(0)} s`,
    );

    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const app = await buildApp({
      config,
      database: bench.database,
      sessionSecret: randomBytes(32).toString('hex'),
      logger: createLogger('silent'),
      storageDir: dir,
    });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'bench-teacher', password: 'bench-password-1' },
    });
    const cookie = `licheng_session=${login.cookies.find((c) => c.name === 'licheng_session')?.value}`;
    const csrf = login.json().csrfToken as string;
    const time = async (fn: () => Promise<{ statusCode: number }>) => {
      const t0 = performance.now();
      const res = await fn();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++)
      await app.inject({ url: '/api/v1/certification/queue?status=pending', headers: { cookie } }); // warm-up
    const me: number[] = [];
    for (let i = 0; i < 200; i++)
      me.push(await time(() => app.inject({ url: '/api/v1/me', headers: { cookie } })));
    const q: number[] = [];
    for (let i = 0; i < 200; i++)
      q.push(
        await time(() =>
          app.inject({ url: '/api/v1/certification/queue?status=pending&pageSize=50', headers: { cookie } }),
        ),
      );
    const bulk: number[] = [];
    for (let i = 0; i < 10; i++) {
      const page = (
        await app.inject({
          url: '/api/v1/certification/queue?status=pending&pageSize=100',
          headers: { cookie },
        })
      ).json();
      const ids = page.items.map((x: { id: string }) => x.id);
      bulk.push(
        await time(() =>
          app.inject({
            method: 'POST',
            url: '/api/v1/certification/decisions',
            headers: { cookie, 'x-csrf-token': csrf },
            payload: { outcomeIds: ids, decision: 'pass' },
          }),
        ),
      );
    }
    const rss = process.memoryUsage().rss / 1_048_576;
    console.log(
      `\n${total} outcomes, teacher with ${pending} pending; ${os.cpus().length} cores; ${bench.engine}; in-process requests`,
    );
    console.log('| measurement | n | p50 ms | p95 ms | max ms | vs baseline p95 |');
    console.log('|---|---|---|---|---|---|');
    const row = (name: string, xs: number[]) =>
      console.log(
        `| ${name} | ${xs.length} | ${pct(xs, 0.5).toFixed(1)} | ${pct(xs, 0.95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${(pct(xs, 0.95) / pct(me, 0.95)).toFixed(1)}× |`,
      );
    row('baseline: GET /api/v1/me', me);
    row('queue, first page + counts', q);
    row('bulk pass of 100 items', bulk);
    console.log(`process RSS ${rss.toFixed(0)} MB`);

    // The plans the queue relies on.
    const courseIds = (
      await db.execute(
        sql`select course_id from course_teachers ct join staff st on st.id = ct.staff_id where st.staff_no = 'T1'`,
      )
    ).rows.map((r) => (r as { course_id: string }).course_id);
    const list = sql.join(
      courseIds.map((c) => sql`${c}::uuid`),
      sql`, `,
    );
    for (const [name, query] of [
      [
        'counts',
        sql`explain (analyze, buffers off, costs off) select o.status, count(*) from outcomes o join students s on s.id = o.student_id where o.course_id in (${list}) and o.status <> 'withdrawn' group by o.status`,
      ],
      [
        'first page',
        sql`explain (analyze, buffers off, costs off) select o.id from outcomes o join students s on s.id = o.student_id join courses c on c.id = o.course_id where o.course_id in (${list}) and o.status <> 'withdrawn' and o.status = 'pending' order by o.updated_at limit 50`,
      ],
    ] as const) {
      const plan = (await db.execute(query)).rows
        .map((r) => (r as Record<string, string>)['QUERY PLAN'])
        .join('\n');
      console.log(`\nplan (${name}):\n${plan}`);
    }
    await app.close();
  } finally {
    await bench.drop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
