import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FifoLock, FifoSqliteDialect } from './sqlite-driver.js';

describe('FifoLock', () => {
  it('hands the lock to waiters in the order they asked', async () => {
    const lock = new FifoLock();
    const order: number[] = [];
    await lock.lock();
    const waiters = [1, 2, 3, 4].map((n) =>
      lock.lock().then(() => {
        order.push(n);
        lock.unlock();
      }),
    );
    expect(lock.waiting).toBe(4);
    lock.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(lock.waiting).toBe(0);
  });

  it('is free again once the last holder unlocks', async () => {
    const lock = new FifoLock();
    await lock.lock();
    lock.unlock();
    let got = false;
    void lock.lock().then(() => {
      got = true;
    });
    await Promise.resolve();
    expect(got).toBe(true);
  });

  it('keeps order across many waiters (compaction)', async () => {
    const lock = new FifoLock();
    await lock.lock();
    const order: number[] = [];
    const n = 3000;
    const all = Array.from({ length: n }, (_, i) =>
      lock.lock().then(() => {
        order.push(i);
        lock.unlock();
      }),
    );
    lock.unlock();
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('FifoSqliteDialect', () => {
  it('runs concurrent queries and keeps transactions whole', async () => {
    const db = new Kysely<{ t: { n: number } }>({
      dialect: new FifoSqliteDialect({ database: new SQLite(':memory:') }),
    });
    await sql`create table t (n integer not null)`.execute(db);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 5 === 0
          ? db.transaction().execute(async (trx) => {
              await trx.insertInto('t').values({ n: i }).execute();
              await trx.insertInto('t').values({ n: -i }).execute();
            })
          : db.insertInto('t').values({ n: i }).execute(),
      ),
    );
    const rows = await db
      .selectFrom('t')
      .select(({ fn }) => fn.countAll<number>().as('c'))
      .execute();
    expect(Number(rows[0]?.c)).toBe(60);
    await db.destroy();
  });
});
