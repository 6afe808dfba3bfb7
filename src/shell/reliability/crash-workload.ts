/**
 * The writes the crash test keeps going while it kills the server: new children (a person, their
 * keys, an involvement, a timeline entry), whole contacts (people, relationships, consent and a
 * work item in one transaction) and versioned edits of one child. Each acknowledged write (a 2xx
 * answer received) is recorded, so that it can be looked for after the crash. Synthetic data only.
 */
import { httpCall } from './server-process.js';

/** A write the server acknowledged. */
export type AckedWrite =
  | { kind: 'person'; id: string }
  | { kind: 'contact'; contactId: string; workItemId: string; childIds: string[] }
  | { kind: 'edit'; personId: string; version: number; address: string };

/** A new child, unique by its number. */
export const childBody = (n: number) => ({
  kind: 'child',
  givenName: `Crashtest${String(n)}`,
  familyName: 'Ironside-Example',
  dateOfBirth: '2018-06-15',
});

/** A contact about one child and both parents (who live apart); the mother consented. */
export const contactBody = (n: number) => ({
  urgency: 'routine',
  familySpokenTo: true,
  concerns: `Crash test contact ${String(n)}: attendance has dropped and the family has asked for support.`,
  referrerLevel: 2,
  consent: { decision: 'given', givenBy: 'mum' },
  adults: [
    {
      key: 'mum',
      person: { givenName: `Mother${String(n)}`, familyName: 'Ironside-Example' },
    },
    { key: 'dad', person: { givenName: `Father${String(n)}`, familyName: 'Ironside-Test' } },
  ],
  children: [
    {
      person: {
        givenName: `Contactchild${String(n)}`,
        familyName: 'Ironside-Example',
        dateOfBirth: '2017-03-09',
      },
      parents: [
        {
          adult: 'mum',
          relationship: 'mother',
          parentalResponsibility: true,
          livesWithChild: true,
        },
        {
          adult: 'dad',
          relationship: 'father',
          parentalResponsibility: true,
          livesWithChild: false,
        },
      ],
    },
  ],
});

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** Counters shared by the writers of one run. */
export interface WorkloadState {
  next: number;
  acked: AckedWrite[];
  /** Requests sent whose answer never came (the server died first). */
  unanswered: number;
  /** 4xx/5xx answers: none are expected. */
  refused: { status: number; body: unknown }[];
  /** The edited child's version as last acknowledged. */
  editVersion: number;
}

/** One writer: loops until `stopped()` or the connection fails, recording what was acknowledged. */
export async function runWriter(
  url: string,
  cookie: string,
  kind: 'person' | 'contact' | 'edit',
  editedPersonId: string,
  state: WorkloadState,
  stopped: () => boolean,
): Promise<void> {
  while (!stopped()) {
    const n = state.next++;
    try {
      if (kind === 'person') {
        const r = await httpCall(url, 'POST', '/api/people', { cookie, body: childBody(n) });
        if (r.status !== 201) state.refused.push(r);
        else state.acked.push({ kind: 'person', id: String(obj(r.body).id) });
      } else if (kind === 'contact') {
        const r = await httpCall(url, 'POST', '/api/contacts', { cookie, body: contactBody(n) });
        if (r.status !== 201) state.refused.push(r);
        else {
          const b = obj(r.body);
          state.acked.push({
            kind: 'contact',
            contactId: String(b.contactId),
            workItemId: String(b.workItemId),
            childIds: (b.childIds as string[] | undefined) ?? [],
          });
        }
      } else {
        const address = `${String(n)} Crash Lane, Testtown`;
        const r = await httpCall(url, 'PATCH', `/api/people/${editedPersonId}`, {
          cookie,
          body: { version: state.editVersion, address },
        });
        if (r.status !== 200) state.refused.push(r);
        else {
          state.editVersion = Number(obj(r.body).version);
          state.acked.push({
            kind: 'edit',
            personId: editedPersonId,
            version: state.editVersion,
            address,
          });
        }
      }
    } catch {
      // The server was killed with this request in flight: it was never acknowledged.
      state.unanswered++;
      return;
    }
  }
}
