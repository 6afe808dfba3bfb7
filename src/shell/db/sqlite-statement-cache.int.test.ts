import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './sqlite-statement-cache.js';

describe('reusing prepared SQLite statements', () => {
  const open = () => {
    const sqlite = new SQLite(':memory:');
    sqlite.exec('create table t (a integer); insert into t values (1), (2), (3);');
    return withStatementCache(sqlite);
  };

  it('hands back the same statement for the same SQL, and a new one for other SQL', () => {
    const db = open();
    const first = db.prepare('select a from t order by a');
    expect(db.prepare('select a from t order by a')).toBe(first);
    expect(db.prepare('select a from t where a > ?')).not.toBe(first);
    expect(first.all([])).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    db.close();
  });

  it('never hands out a statement that is still being iterated', () => {
    const db = open();
    const sql = 'select a from t order by a';
    const outer = db.prepare(sql).iterate([]);
    expect(outer.next().value).toEqual({ a: 1 });
    const inner = db.prepare(sql);
    expect(inner.all([])).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect([...outer]).toEqual([{ a: 2 }, { a: 3 }]);
    db.close();
  });

  it('sees a schema change made after the statement was prepared', () => {
    const db = open();
    expect(db.prepare('select * from t where a = ?').all([1])).toEqual([{ a: 1 }]);
    db.prepare("alter table t add column b text default 'x'").run([]);
    expect(db.prepare('select * from t where a = ?').all([1])).toEqual([{ a: 1, b: 'x' }]);
    db.close();
  });
});
