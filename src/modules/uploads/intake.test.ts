import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import type { SessionUser } from '../auth/auth.service.js';
import { createBlobStore } from '../storage/factory.js';
import { createIntake } from './intake.js';
import { pdfOfSize } from './test-corpus.js';

const t = await createTestApp();
const blobs = await createBlobStore(t.config, t.storageDir);
const intake = createIntake({
  db: t.db,
  blobs,
  quota: { bytes: 1_000_000_000, files: 1_000 },
  concurrency: 4,
});
afterAll(() => intake.close());

const school = await t.makeSchool();
const student = await t.makeUser({ schoolId: school.id, roles: ['student'] });
const user = { id: student.id, roles: ['student'], school: { id: school.id } } as unknown as SessionUser;

/** Starts `n` uploads' acceptance at once and returns whether the intake counted as busy meanwhile. */
async function acceptAtOnce(n: number, tag: string) {
  const sources = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const file = path.join(t.storageDir, `busy-${tag}-${i}`);
      await fs.writeFile(file, await pdfOfSize(20_000 + i));
      return file;
    }),
  );
  const accepting = sources.map((source, i) =>
    intake.accept({ user, purpose: 'outcomeDocument', source, name: `${tag}-${i}.pdf`, via: 'plain' }),
  );
  const during = intake.busy();
  await Promise.all(accepting);
  return { during, after: intake.busy() };
}

describe('intake.busy (derivative jobs wait while uploads pour in)', () => {
  it('a trickle is not busy: three files accepted at once', async () => {
    expect(await acceptAtOnce(3, 'trickle')).toEqual({ during: false, after: false });
  });

  it('four files accepted at once are a crowd, and it stays busy for a while after', async () => {
    expect(await acceptAtOnce(4, 'crowd')).toEqual({ during: true, after: true });
  });
});
