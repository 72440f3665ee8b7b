/**
 * Import benchmark (issue: school master data): 3,000 students + 60,000 enrolments + 60,000 grade rows
 * from xlsx, against a real PostgreSQL (embedded, or DATABASE_URL).
 *
 *   npm run bench:import
 *
 * Each measured step runs in its own child process, so its peak RSS is its own. The baseline, measured
 * in the same run, is only *reading* the same workbooks row by row with the same streaming reader
 * (no checks, no database): the import's cost is reported as a ratio to it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { connectDatabase } from '../src/db/client.js';
import { withCheckDigit } from '../src/domain/national-id.js';
import { runImport } from '../src/modules/imports/engine.js';
import { importKind } from '../src/modules/imports/kinds/index.js';
import { openSpreadsheet } from '../src/modules/imports/readers.js';
import { benchDatabase } from './bench-db.js';

const SELF = fileURLToPath(import.meta.url);
const STUDENTS = 3000;
const CLASSES = 60;
const COURSES_PER_CLASS = 20;

async function writeXlsx(file: string, header: string[], rows: Iterable<unknown[]>) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('data');
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

/** Writes the workbooks: classes, students, courses (term 115-1), enrolments, grades. */
async function generate(dir: string) {
  const cls = (i: number) => ({ year: 115, grade: 10 + (i % 3), name: `班${String(i).padStart(2, '0')}` });
  const perClass = STUDENTS / CLASSES;
  const studentNo = (s: number) => `S${String(s).padStart(6, '0')}`;
  // 115 + 999301 + 3 + 21 + 301 + 0 + category 1 + mode 1 + attribute 1 + domain (class) + serial (course).
  const code = (c: number, k: number) =>
    `1159993013213010111${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`;
  await writeXlsx(
    path.join(dir, 'classes.xlsx'),
    ['學年度', '年級', '科別', '班級名稱'],
    Array.from({ length: CLASSES }, (_, i) => {
      const c = cls(i);
      return [c.year, c.grade, '機械科', c.name];
    }),
  );
  await writeXlsx(
    path.join(dir, 'students.xlsx'),
    ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'],
    (function* () {
      for (let s = 0; s < STUDENTS; s++) {
        const c = Math.floor(s / perClass);
        const id = withCheckDigit(`A${s % 2 ? 1 : 2}${String(3_000_000 + s).padStart(7, '0')}`);
        yield [
          studentNo(s),
          id,
          `學生${s}`,
          '0990305',
          s % 2 ? '男' : '女',
          115,
          115,
          cls(c).name,
          (s % perClass) + 1,
        ];
      }
    })(),
  );
  await writeXlsx(
    path.join(dir, 'courses.xlsx'),
    ['學年度', '學期', '科目代碼', '科目名稱', '學分數', '開課年級'],
    (function* () {
      for (let c = 0; c < CLASSES; c++)
        for (let k = 0; k < COURSES_PER_CLASS; k++) yield [115, 1, code(c, k), `科目${k}`, 2, cls(c).grade];
    })(),
  );
  const pairs = function* () {
    for (let s = 0; s < STUDENTS; s++) {
      const c = Math.floor(s / perClass);
      for (let k = 0; k < COURSES_PER_CLASS; k++) yield [s, c, k] as const;
    }
  };
  await writeXlsx(
    path.join(dir, 'enrollments.xlsx'),
    ['學年度', '學期', '學號', '科目代碼'],
    (function* () {
      for (const [s, c, k] of pairs()) yield [115, 1, studentNo(s), code(c, k)];
    })(),
  );
  await writeXlsx(
    path.join(dir, 'grades.xlsx'),
    ['學年度', '學期', '學號', '科目代碼', '原始成績', '成績及格', '是否採計學分'],
    (function* () {
      for (const [s, c, k] of pairs()) {
        const score = 40 + ((s * 7 + k * 13) % 61);
        yield [115, 1, studentNo(s), code(c, k), String(score), score >= 60 ? '是' : '否', '是'];
      }
    })(),
  );
}

const FILES = ['classes', 'students', 'courses', 'enrollments', 'grades'];

/** Child step: read every row of every file (the baseline) or import every file (the measurement). */
async function step(mode: 'idle' | 'read' | 'import', dir: string, url?: string, schoolId?: string) {
  const out: Record<string, number> = {};
  if (mode === 'idle') {
    // The floor: Node, tsx and the loaded modules, no work.
    console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const database = url ? connectDatabase(url, { max: 2 }) : undefined;
  for (const f of FILES) {
    const buffer = await fs.readFile(path.join(dir, `${f}.xlsx`));
    const began = performance.now();
    if (mode === 'read') {
      let rows = 0;
      for await (const sheet of openSpreadsheet(buffer).sheets()) for await (const _ of sheet) rows++;
      if (rows === 0) throw new Error('no rows');
    } else {
      const report = await runImport(database?.db as never, {
        kind: importKind(f) as never,
        buffer,
        schoolId: schoolId as string,
        commit: true,
      });
      if (!report.committed) throw new Error(`${f}: ${JSON.stringify(report.problems.slice(0, 3))}`);
    }
    out[f] = performance.now() - began;
  }
  await database?.close();
  out.maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(out));
}

function child(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`child ${args[0]} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Record<string, number>;
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-bench-'));
  await fs.chmod(dir, 0o755);
  console.log('generating workbooks…');
  await generate(dir);
  const sizes = Object.fromEntries(
    await Promise.all(
      FILES.map(async (f) => [f, (await fs.stat(path.join(dir, `${f}.xlsx`))).size / 1_048_576] as const),
    ),
  );
  const bench = await benchDatabase(dir);
  const { url, school } = bench;
  await bench.database.close();
  try {
    const idle = child(['idle', dir]);
    const baseline = child(['read', dir]);
    const imported = child(['import', dir, url, school.id]);
    const again = child(['import', dir, url, school.id]);
    const total = (r: Record<string, number>) => FILES.reduce((a, f) => a + (r[f] ?? 0), 0);
    const rows = [
      '| file | MB | read (baseline) ms | import ms | ratio | re-import (no change) ms |',
      '|---|---|---|---|---|---|',
    ];
    for (const f of FILES) {
      rows.push(
        `| ${f} | ${sizes[f]?.toFixed(2)} | ${baseline[f]?.toFixed(0)} | ${imported[f]?.toFixed(0)} | ${((imported[f] ?? 0) / (baseline[f] ?? 1)).toFixed(1)}× | ${again[f]?.toFixed(0)} |`,
      );
    }
    rows.push(
      `| **all** | ${Object.values(sizes)
        .reduce((a, b) => a + b, 0)
        .toFixed(
          2,
        )} | ${total(baseline).toFixed(0)} | ${total(imported).toFixed(0)} | ${(total(imported) / total(baseline)).toFixed(1)}× | ${total(again).toFixed(0)} |`,
    );
    console.log(
      `\nmachine: ${os.cpus().length} cores, ${os.cpus()[0]?.model}; node ${process.version}; ${bench.engine}`,
    );
    console.log(rows.join('\n'));
    console.log(`\npeak RSS of a process that only loads the code: ${idle.maxRssMb?.toFixed(0)} MB`);
    console.log(
      `peak RSS: baseline read ${baseline.maxRssMb?.toFixed(0)} MB, import ${imported.maxRssMb?.toFixed(0)} MB (${((imported.maxRssMb ?? 0) / (baseline.maxRssMb ?? 1)).toFixed(2)}× baseline), re-import ${again.maxRssMb?.toFixed(0)} MB`,
    );
    console.log(`targets: import < 30 s (${(total(imported) / 1000).toFixed(1)} s), peak RSS < 300 MB`);
  } finally {
    await bench.drop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'idle' || mode === 'read' || mode === 'import')
  await step(mode, rest[0] as string, rest[1], rest[2]);
else await main();
