/**
 * Issue 14 §1 on every database, under Stockport's pack: the people a form names (a plan action's
 * owner, a meeting's attendees and the minutes' recipients, whom a disagreement is with) are
 * picked from Baton's users, can then see the child and are told; free text only for someone
 * outside Baton. People are invented (src/shell/testing/hearthley-family.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../testing/api-client.js';
import { HearthleyFamily } from '../testing/hearthley-family.js';
import { testDialects } from '../testing/test-databases.js';

const dialects = await testDialects();

describe.each(dialects)('people picked from Baton on %s (BATON_PACK=stockport)', (dialect) => {
  const f = new HearthleyFamily(dialect);
  const { get, postForm } = f.client;
  // The school's safeguarding lead has opened the family's early help episode, for both children.
  beforeAll(() => f.startWithEarlyHelpOpen());
  afterAll(() => f.close());

  it('§1: a plan action’s owner is picked from Baton (the family’s team first, agency filled in), can then see the child and is told; free text only for someone outside Baton', async () => {
    const episodeId = (await f.episodeOf(f.ivy)).id;
    const lee = await actorFor(f.server, 'lead-professional');
    const plan = await get(`/early-help/${episodeId}/plan`, 'dsl');
    expect(plan.statusCode, plan.body).toBe(200);
    const select = /<select[^>]*name="ownerUserId"[\s\S]*?<\/select>/.exec(plan.body)?.[0] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [
      m[1],
      m[2]?.trim(),
    ]);
    // The team around the family first (the school's safeguarding lead opened the episode).
    expect(options[1]?.[1]).toMatch(
      /\(Larkfield Primary School \(demo\)\) – works with the family$/,
    );
    expect(options).toContainEqual([
      lee.userId,
      expect.stringMatching(/^Lee Leadprof \(demo\) \(/),
    ]);
    expect(options.at(-1)).toEqual([
      'outside',
      'Someone outside Baton (enter their details below)',
    ]);
    // Before: the early help worker cannot see Ivy.
    expect((await get(`/children/${f.ivy}`, 'lead-professional')).statusCode).toBe(403);
    const picked = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Weekly parenting sessions on routines at bedtime',
        ownerUserId: lee.userId,
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(picked.statusCode, picked.body).toBe(303);
    const outside = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Breakfast every school day before eight',
        ownerUserId: 'outside',
        ownerName: 'Rowan Hearthley',
        ownerAgency: 'Family',
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(outside.statusCode, outside.body).toBe(303);
    const actions = await f.server.database.db
      .selectFrom('eh_plan_actions')
      .select(['owner_name', 'owner_agency', 'owner_user_id'])
      .where('work_item_id', '=', episodeId)
      .orderBy('action')
      .execute();
    expect(actions).toEqual([
      { owner_name: 'Rowan Hearthley', owner_agency: 'Family', owner_user_id: null },
      {
        owner_name: 'Lee Leadprof (demo)',
        owner_agency: expect.stringMatching(/\S/) as unknown,
        owner_user_id: lee.userId,
      },
    ]);
    // The owner now sees Ivy and is told; nobody is told about the family's own action.
    expect((await get(`/children/${f.ivy}`, 'lead-professional')).statusCode).toBe(200);
    const told = await f.server.database.db
      .selectFrom('notifications')
      .select(['user_id', 'text'])
      .where('kind', '=', 'plan-action-owner')
      .where('object_id', '=', episodeId)
      .execute();
    expect(told).toEqual([
      {
        user_id: lee.userId,
        text: 'You own an action on the plan, due 30 April 2026: Early help episode',
      },
    ]);
    // Nobody picked and no name typed: one message saying what to do.
    const neither = await postForm(
      `/early-help/${episodeId}/plan`,
      `/early-help/${episodeId}/plan/actions`,
      {
        action: 'Someone will do something useful',
        ownerUserId: '',
        'dueDate-day': '30',
        'dueDate-month': '4',
        'dueDate-year': '2026',
      },
      'dsl',
    );
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain(
      'Choose who will do it, or enter the name of someone outside Baton',
    );
  });

  it('§1: a meeting’s attendees and the minutes’ recipients are picked from Baton (checkboxes, no JavaScript), can then see the child and are told once', async () => {
    const episodeId = (await f.episodeOf(f.ivy)).id;
    const sw = await actorFor(f.server, 'hv');
    const lee = await actorFor(f.server, 'lead-professional');
    const form = await get(`/early-help/${episodeId}/meetings/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toMatch(
      new RegExp(`name="attendeeUserIds" type="checkbox" value="${sw.userId}"`),
    );
    expect(form.body).toMatch(
      new RegExp(`name="sentToUserIds" type="checkbox" value="${lee.userId}"`),
    );
    // Lee owns an action now, so he is in the team around the family: listed first, before the divider.
    const attendeeBoxes =
      /id="attendeeUserIds"[\s\S]*?<\/fieldset>/.exec(form.body)?.[0] ?? form.body;
    expect(attendeeBoxes.indexOf(lee.userId)).toBeLessThan(
      attendeeBoxes.indexOf('or others who use Baton'),
    );
    expect(attendeeBoxes.indexOf(sw.userId)).toBeGreaterThan(
      attendeeBoxes.indexOf('or others who use Baton'),
    );
    expect((await get(`/children/${f.ivy}`, 'hv')).statusCode).toBe(403);
    const saved = await postForm(
      `/early-help/${episodeId}/meetings/new`,
      `/early-help/${episodeId}/meetings/new`,
      {
        kind: 'taf',
        'heldOn-day': '2',
        'heldOn-month': '3',
        'heldOn-year': '2026',
        familyAttendees: 'Rowan Hearthley, mother',
        attendeeUserIds: sw.userId,
        minutes: 'Breakfast club agreed; routines at bedtime to be worked on weekly.',
        sentToFamily: 'Rowan Hearthley',
        sentToUserIds: lee.userId,
        'sentOn-day': '2',
        'sentOn-month': '3',
        'sentOn-year': '2026',
        sentMethod: 'secure-email',
      },
      'dsl',
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const meeting = await f.server.database.db
      .selectFrom('eh_meetings')
      .select(['id', 'attendees'])
      .where('work_item_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(meeting.attendees)).toEqual([
      { name: 'Rowan Hearthley', role: 'mother', family: true },
      {
        name: sw.displayName,
        role: expect.stringMatching(/\S/) as unknown,
        family: false,
        userId: sw.userId,
      },
    ]);
    const sent = await f.server.database.db
      .selectFrom('eh_distributions')
      .select(['recipient', 'recipient_kind', 'recipient_user_id'])
      .where('meeting_id', '=', meeting.id)
      .orderBy('recipient')
      .execute();
    expect(sent).toEqual([
      { recipient: lee.displayName, recipient_kind: 'partner', recipient_user_id: lee.userId },
      { recipient: 'Rowan Hearthley', recipient_kind: 'family', recipient_user_id: null },
    ]);
    expect((await get(`/children/${f.ivy}`, 'hv')).statusCode).toBe(200);
    const told = await f.server.database.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('object_id', '=', episodeId)
      .where('kind', 'in', ['meeting-attendee', 'minutes-recipient'])
      .execute();
    expect(told.map((t) => [t.user_id, t.kind]).sort()).toEqual(
      [
        [sw.userId, 'meeting-attendee'],
        [lee.userId, 'minutes-recipient'],
      ].sort(),
    );
  });

  it('§1: correcting a meeting through the API names a picked attendee from Baton, and refuses an id that is no Baton user', async () => {
    const episodeId = (await f.episodeOf(f.ivy)).id;
    const lee = await actorFor(f.server, 'lead-professional');
    const meeting = await f.server.database.db
      .selectFrom('eh_meetings')
      .select(['id', 'version'])
      .where('work_item_id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const patch = (userId: string) =>
      f.server.app.inject({
        method: 'PATCH',
        url: `/api/early-help-episodes/${episodeId}/meetings/${meeting.id}`,
        headers: { cookie: f.cookies.dsl ?? '' },
        payload: {
          attendees: [{ name: 'Rowan Hearthley', role: 'mother', family: true }, { userId }],
          version: meeting.version,
        },
      });
    const wrong = await patch('no-such-user');
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.body).toContain('There is no active Baton user with that id');
    const right = await patch(lee.userId);
    expect(right.statusCode, right.body).toBe(200);
    const saved = await f.server.database.db
      .selectFrom('eh_meetings')
      .select('attendees')
      .where('id', '=', meeting.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(saved.attendees)).toEqual([
      { name: 'Rowan Hearthley', role: 'mother', family: true },
      {
        name: lee.displayName,
        role: expect.stringMatching(/\S/) as unknown,
        family: false,
        userId: lee.userId,
      },
    ]);
  });

  it('§1: the disagreement page picks whom it is with from Baton (managers too) and tells them; free text only for someone outside Baton', async () => {
    const manager = await actorFor(f.server, 'team-manager');
    const form = await get(`/children/${f.ivy}/disagreements/new`, 'dsl');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toMatch(
      new RegExp(
        `<option value="${manager.userId}"[^>]*>${manager.displayName.replace(/[()]/g, '\\$&')} \\(`,
      ),
    );
    expect(form.body).toContain('<option value="outside"');
    const raised = await postForm(
      `/children/${f.ivy}/disagreements/new`,
      `/children/${f.ivy}/disagreements`,
      {
        about: 'other',
        withWhomUserId: manager.userId,
        withWhom: '',
        summary: 'The decision not to offer a social care assessment left the children unsafe.',
      },
      'dsl',
    );
    expect(raised.statusCode, raised.body).toBe(303);
    const id = String(raised.headers.location).split('/')[2]?.split('?')[0] ?? '';
    const row = await f.server.database.db
      .selectFrom('work_items')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.data)).toMatchObject({
      withWhomUserId: manager.userId,
      withWhom: expect.stringContaining(manager.displayName) as unknown,
    });
    const told = await f.server.database.db
      .selectFrom('notifications')
      .select('user_id')
      .where('object_id', '=', id)
      .where('kind', '=', 'disagreement')
      .execute();
    expect(told.map((t) => t.user_id)).toEqual([manager.userId]);
  });
});
