import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { findSession } from '../modules/auth/auth.repo.js';
import { connectDatabase } from './client.js';
import { preparedStatement } from './prepared.js';
import { createTestDatabase } from './test-db.js';

const test = await createTestDatabase();
// One connection, so that the statements prepared by one call are the ones the next call sees.
const single = connectDatabase(test.url, { max: 1 });
afterAll(() => single.close());

const preparedNames = async () =>
  (await single.pool.query('select name from pg_prepared_statements order by name')).rows.map(
    (r) => r.name as string,
  );

describe('prepared statements', () => {
  it('fills each placeholder wherever it occurs, and PostgreSQL keeps the statement under its name', async () => {
    const p = sql.placeholder;
    const sum = preparedStatement<{ a: number; b: number }, { total: number; a: number }>(
      'test_sum',
      sql`select ${p('a')}::int + ${p('b')}::int + ${p('a')}::int as total, ${p('a')}::int as a`,
    );
    expect(await sum(single.db, { a: 2, b: 5 })).toEqual([{ total: 9, a: 2 }]);
    expect(await sum(single.db, { a: 10, b: 1 })).toEqual([{ total: 21, a: 10 }]);
    expect(await preparedNames()).toContain('test_sum');
  });

  it('prepares the session lookup that every request runs', async () => {
    expect(await findSession(single.db, 'no-such-token', 30)).toBeUndefined();
    expect(await preparedNames()).toContain('auth_find_session');
  });
});
