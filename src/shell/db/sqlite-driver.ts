/**
 * SQLite has one connection, so every query waits its turn for it. Kysely's own `SqliteDriver`
 * guards that connection with a mutex that wakes every waiter each time it is released; they race
 * and all but one go back to sleep. Under 64 concurrent requests that is a thundering herd (work
 * that grows with the square of the queue) and it is not first come, first served: an unlucky
 * request can lose the race many times, which is where the benchmark's long p99 tail on SQLite
 * came from. This dialect hands the connection to waiters strictly in arrival order, one wake-up
 * per release.
 */
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

/** A first-come, first-served lock: `unlock` hands the lock to the oldest waiter, if any. */
export class FifoLock {
  #held = false;
  #waiting: (() => void)[] = [];
  #head = 0;

  /** Resolves when the caller holds the lock. */
  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Release the lock: the oldest waiter gets it (it stays held), or it becomes free. */
  unlock(): void {
    if (this.#head < this.#waiting.length) {
      const next = this.#waiting[this.#head] as () => void;
      this.#head += 1;
      // Compact now and then so the array does not grow for ever under sustained load.
      if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
        this.#waiting = this.#waiting.slice(this.#head);
        this.#head = 0;
      }
      next();
      return;
    }
    this.#waiting = [];
    this.#head = 0;
    this.#held = false;
  }

  /** How many callers are waiting (for tests and diagnostics). */
  get waiting(): number {
    return this.#waiting.length - this.#head;
  }
}

class FifoSqliteDriver extends SqliteDriver {
  readonly #lock = new FifoLock();

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.lock();
    // Kysely's own mutex is never contended now: only the holder of the FIFO lock reaches it.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#lock.unlock();
  }
}

/** Kysely's SQLite dialect with a first-come, first-served connection lock. */
export class FifoSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.#config);
  }
}
