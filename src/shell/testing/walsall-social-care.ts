/**
 * What the social care recording and pre-proceedings suites share: a Walsall scenario on one
 * database from Monday 6 April 2026, the API calls they make, and a child referred by the health
 * visitor and accepted for a Child and Family Assessment. Every name is invented.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { z } from 'zod';
import type { Dialect } from '../db/index.js';
import { twoParentContact, type ContactChild } from './contact-fixtures.js';
import { Scenario, type Method } from './scenario.js';

const viewNext = z.object({ followedBy: z.object({ workItemId: z.string() }).nullable() });
const stepOutcome = z.object({ status: z.string(), transitionRecordId: z.string() });
const contactMade = z.object({ workItemId: z.string() });
const personVersion = z.object({ version: z.number() });

/** A Walsall scenario started before the suite's tests and closed after, and its API calls. */
export function walsallSocialCare(dialect: Dialect) {
  const s = new Scenario('walsall', '2026-04-06T09:30:00.000Z');
  beforeAll(() => s.start(dialect));
  afterAll(() => s.close());

  /** Call the API as `who` and expect the request to be taken (200, 201 or 202). */
  const ok = async (who: string, method: Method, url: string, body?: object) => {
    const r = await s.call(who, method, url, body);
    expect([200, 201, 202], `${method} ${url}: ${JSON.stringify(r.body)}`).toContain(r.status);
    return r.body;
  };
  /** The work item that followed `id`, or '' when none has. */
  const next = async (who: string, id: string) =>
    viewNext.parse(await ok(who, 'GET', `/api/work-items/${id}/view`)).followedBy?.workItemId ?? '';
  /** A step the social worker takes and, when it asks for it, the team manager authorises. */
  const authorisedStep = async (id: string, transitionId: string, payload: object) => {
    const asked = stepOutcome.parse(
      await ok('social-worker', 'POST', `/api/work-items/${id}/transitions`, {
        transitionId,
        payload,
      }),
    );
    if (asked.status === 'awaiting-authorisation')
      await ok('team-manager', 'POST', `/api/tray/${asked.transitionRecordId}/decision`, {
        decision: 'authorise',
      });
  };
  /** The health visitor's contact about `child` (level 4), decided for an assessment. */
  const acceptedForAssessment = async (child: ContactChild, concerns: string) => {
    const contact = await ok(
      'hv-demo',
      'POST',
      '/api/contacts',
      twoParentContact(child, { concerns, referrerLevel: 4 }),
    );
    const contactId = contactMade.parse(contact).workItemId;
    await ok('team-manager', 'POST', `/api/work-items/${contactId}/transitions`, {
      transitionId: 'decide-cf-assessment',
      payload: { rationale: 'Needs a Child and Family Assessment.' },
    });
    return { contactId, cf: await next('team-manager', contactId) };
  };
  /** The child's census details, recorded once on the record by the social worker. */
  const recordCensusDetails = async (childId: string) => {
    const person = personVersion.parse(await ok('social-worker', 'GET', `/api/people/${childId}`));
    await ok('social-worker', 'PATCH', `/api/people/${childId}`, {
      version: person.version,
      sex: 'F',
      ethnicity: 'WBRI',
      disabilityCodes: ['NONE'],
      upnUnknownReason: 'UN2',
    });
  };
  return { s, ok, next, authorisedStep, acceptedForAssessment, recordCensusDetails };
}
