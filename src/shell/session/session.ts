/**
 * The per-request session (pattern: Medplum's per-request `Repository`). Built once per request
 * with who is asking (actor, agency, roles), when (`now`, read from the clock once), the request
 * id and remote address, and the policy packs. Use-cases take a session and nothing else that
 * carries the request; they reach the database only through `session.db`, which inside
 * `session.transaction` is the unit of work's transaction, so a use-case commits once.
 *
 * Its public methods check the access policy and write the audit event themselves, on success and
 * on refusal (refusal rows outlive the rollback: see db/unit-of-work.ts); no caller remembers to.
 *
 * The pack that governs a piece of work is the one it started under (`packFor`); the deployment's
 * own pack (`pack`) governs new work. A deployment serving several authorities would choose it
 * per child's authority here, and nowhere else.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, ChildAction, ChildRelationship } from '../../core/access/index.js';
import { BatonError } from '../../core/errors/error-catalogue.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Database } from '../db/index.js';
import { withTransaction } from '../db/unit-of-work.js';
import { appendAudit, type AuditEntry } from '../repositories/audit-repository.js';
import { authoriseChild } from '../repositories/child-access.js';
import type { RequestContext } from '../repositories/request-context.js';
import { londonDay } from '../../core/calendar/index.js';

export interface SessionScope {
  db: Kysely<Database>;
  ctx: RequestContext;
  packs: ReadonlyMap<string, ResolvedPack>;
  /** The pack this deployment runs for new work. */
  packId: string;
  /**
   * The deployment's operator at the `baton` command (no actor): may administer, but never
   * approves a practice role (issue 15 §1: four eyes are two administrators).
   */
  operator?: boolean;
}

export class Session {
  readonly ctx: RequestContext;
  readonly packs: ReadonlyMap<string, ResolvedPack>;
  readonly packId: string;
  readonly operator: boolean;
  readonly #root: Kysely<Database>;
  readonly #trx: Transaction<Database> | null;

  constructor(scope: SessionScope, trx: Transaction<Database> | null = null) {
    this.ctx = scope.ctx;
    this.packs = scope.packs;
    this.packId = scope.packId;
    this.operator = scope.operator ?? false;
    this.#root = scope.db;
    this.#trx = trx;
  }

  /** The database as this use-case sees it: its unit of work's transaction while one is open. */
  get db(): Kysely<Database> {
    return this.#trx ?? this.#root;
  }

  get now(): string {
    return this.ctx.now;
  }

  /** The date of the request (Europe/London working days are counted from it). */
  get today(): string {
    return londonDay(this.ctx.now);
  }

  /** The signed-in actor, or BATON_NOT_SIGNED_IN. */
  get actor(): Actor {
    if (!this.ctx.actor) throw new BatonError('BATON_NOT_SIGNED_IN');
    return this.ctx.actor;
  }

  /** The deployment's pack, for new work. */
  get pack(): ResolvedPack {
    return this.packFor(this.packId);
  }

  /** A loaded pack by id (work continues under the pack it started with), or BATON_UNKNOWN_PACK. */
  packFor(id: string): ResolvedPack {
    const pack = this.packs.get(id);
    if (!pack)
      throw new BatonError('BATON_UNKNOWN_PACK', {
        message: `The policy pack "${id}" is not loaded. Loaded packs: ${[...this.packs.keys()].join(', ')}.`,
      });
    return pack;
  }

  /**
   * Run a use-case as one unit of work: one commit, or none. Nested calls join the open unit.
   * Audit rows of refusals are written after it ends whatever happens to it.
   */
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    if (this.#trx) return work(this);
    return withTransaction(this.#root, (trx) =>
      work(
        new Session(
          {
            db: this.#root,
            ctx: this.ctx,
            packs: this.packs,
            packId: this.packId,
            operator: this.operator,
          },
          trx,
        ),
      ),
    );
  }

  /**
   * Check the actor may take `action` on the child. Refusals are audited and thrown; an allowed
   * read or write is audited here too, under `audit.action`, naming the object it concerns.
   */
  async authoriseChild(
    childId: string,
    action: ChildAction,
    audit: { action: string; objectType?: string; objectId?: string },
  ): Promise<{ actor: Actor; relationship: ChildRelationship; kind: string }> {
    const allowed = await authoriseChild(this.db, this.ctx, childId, action, audit);
    await this.audit({
      action: audit.action,
      objectType: audit.objectType ?? 'child',
      objectId: audit.objectId ?? childId,
      outcome: 'allowed',
      reason: allowed.relationship === 'break-glass' ? 'emergency access' : null,
    });
    return allowed;
  }

  /** Append an audit event in this session's unit of work. */
  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.db, this.ctx, entry);
  }
}
