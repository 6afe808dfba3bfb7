/**
 * What every part of the generator shares: the random stream, ids, the queued rows, the pack and
 * its working calendar, the authority's agencies and staff, and small writers for the rows that
 * every step leaves behind (audit events, timeline entries, notifications).
 */
import { applyDeadline, isWorkingDay, type WorkingCalendar } from '../../core/calendar/index.js';
import type { Timescale } from '../../core/journey/index.js';
import type { ResolvedPack } from '../../core/policy/index.js';
import type { Insertable } from 'kysely';
import type { InvolvementTable } from '../db/index.js';
import type { BatchWriter } from './batch-writer.js';
import type { IdSource, SeededRandom } from './seeded-random.js';

export const DAY = 86_400_000;

export interface SeedAgency {
  id: string;
  name: string;
  kind: string;
}

export interface SeedUser {
  id: string;
  displayName: string;
  agency: SeedAgency;
  roles: string;
}

/** The authority's staff, by what they do. Every list has at least one person. */
export interface Staff {
  socialCare: SeedAgency;
  earlyHelp: SeedAgency;
  frontDoor: SeedUser[];
  socialWorkers: SeedUser[];
  socialCareManagers: SeedUser[];
  businessSupport: SeedUser[];
  leadProfessionals: SeedUser[];
  earlyHelpManagers: SeedUser[];
  /** Schools, health, police, housing and the voluntary sector: the people who make contacts. */
  partners: SeedUser[];
  /** Designated safeguarding leads in schools, who often lead early help. */
  schoolLeads: SeedUser[];
}

export const isoAt = (ms: number): string => new Date(ms).toISOString();
export const dateAt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export class SeedWorld {
  /** Reads per recorded step: tuned so the audit trail is about 20 events a child. */
  readsPerStep = 10;

  constructor(
    readonly rand: SeededRandom,
    readonly ids: IdSource,
    readonly writer: BatchWriter,
    readonly pack: ResolvedPack,
    readonly calendar: WorkingCalendar,
    /** The moment the authority is seeded "as of": nothing happens after it. */
    readonly asOf: number,
    readonly staff: Staff,
  ) {}

  /** The due date (or time, for an hour-based rule) of a timescale started at `from`. */
  due(timescale: Timescale, from: number): string {
    if (timescale.rule.unit === 'hours') return isoAt(from + timescale.rule.amount * 3_600_000);
    return applyDeadline(this.calendar, dateAt(from), {
      unit: timescale.rule.unit,
      amount: timescale.rule.amount,
    });
  }

  /**
   * A moment within working hours on the first working day on or after the day `ms` falls on.
   * Practitioners record on working days: an ICPC, an assessment's authorisation or a plan's
   * review on a Saturday or a bank holiday would be a data error (census rule 8875), and the
   * statutory timescales count working days from these moments.
   */
  workingMoment(ms: number): number {
    let day = Math.floor(ms / DAY);
    while (!this.isWorkingDayNumber(day)) day += 1;
    return day * DAY + (8 + this.rand.int(0, 9)) * 3_600_000 + this.rand.int(0, 3_599) * 1000;
  }

  private readonly workingDays = new Map<number, boolean>();

  private isWorkingDayNumber(day: number): boolean {
    let working = this.workingDays.get(day);
    if (working === undefined) {
      working = isWorkingDay(this.calendar, dateAt(day * DAY));
      this.workingDays.set(day, working);
    }
    return working;
  }

  audit(
    at: number,
    actor: SeedUser,
    action: string,
    objectType: string | null,
    objectId: string | null,
    reason: string | null = null,
    outcome = 'allowed',
  ): void {
    this.writer.add('audit_events', {
      id: this.ids.next(),
      at: isoAt(at),
      request_id: this.ids.next(),
      actor_user_id: actor.id,
      actor_agency_id: actor.agency.id,
      actor_roles: actor.roles,
      action,
      object_type: objectType,
      object_id: objectId,
      outcome,
      reason,
      remote_address: '10.0.0.1',
    });
  }

  /** The reads that surround a recorded step: the record, the timeline, the work, my work. */
  reads(
    at: number,
    childIds: readonly string[],
    workItemId: string,
    who: readonly SeedUser[],
  ): void {
    const n = this.rand.int(Math.max(0, this.readsPerStep - 3), this.readsPerStep + 3);
    for (let i = 0; i < n; i++) {
      const actor = this.rand.pick(who);
      const when = Math.min(this.asOf, at + this.rand.int(-2, 72) * 3_600_000);
      const childId = this.rand.pick(childIds);
      switch (this.rand.int(0, 3)) {
        case 0:
          this.audit(when, actor, 'child.read', 'child', childId);
          break;
        case 1:
          this.audit(when, actor, 'child.timeline.read', 'child', childId);
          break;
        case 2:
          this.audit(when, actor, 'work-item.read', 'work-item', workItemId);
          break;
        default:
          this.audit(when, actor, 'my-work.read', null, null);
      }
    }
  }

  timeline(
    childId: string,
    at: number,
    kind: string,
    summary: string,
    objectType: string | null,
    objectId: string | null,
    actor: SeedUser | null,
  ): void {
    this.writer.add('child_timeline', {
      id: this.ids.next(),
      child_id: childId,
      at: isoAt(at),
      kind,
      summary,
      object_type: objectType,
      object_id: objectId,
      actor_user_id: actor?.id ?? null,
    });
  }

  /** A notification to one person or to everyone with a role in an agency; old ones are read. */
  notify(
    at: number,
    to: { user: SeedUser } | { agency: SeedAgency; role: string },
    kind: string,
    text: string,
    workItemId: string,
  ): void {
    const read = at < this.asOf - 5 * DAY || this.rand.chance(0.3);
    this.writer.add('notifications', {
      id: this.ids.next(),
      user_id: 'user' in to ? to.user.id : null,
      agency_id: 'user' in to ? null : to.agency.id,
      role: 'user' in to ? null : to.role,
      kind,
      text,
      object_type: 'work-item',
      object_id: workItemId,
      created_at: isoAt(at),
      read_at: read ? isoAt(Math.min(this.asOf, at + this.rand.int(1, 48) * 3_600_000)) : null,
    });
  }

  involvement(
    childId: string,
    agency: SeedAgency,
    user: SeedUser | null,
    role: string,
    from: number,
    to: number | null,
  ): Insertable<InvolvementTable> {
    return this.writer.add('involvements', {
      id: this.ids.next(),
      child_id: childId,
      agency_id: agency.id,
      user_id: user?.id ?? null,
      role,
      from_date: dateAt(from),
      to_date: to === null ? null : dateAt(to),
      created_at: isoAt(from),
    });
  }
}
