/**
 * Small synthetic packs for unit tests of the pure core (the shipped packs are tested separately).
 */
import { resolvePackSet, type PackDocumentInput, type ResolvedPack } from '../policy/index.js';
import { packDocumentSchema } from '../policy/pack-schema.js';

const cite = (section: string) => ({ source: 'doc', section });

/** A base pack and a local pack that extends it, with two indicators per level. */
export function fixturePackDocuments(options: { raisesLevel?: boolean } = {}): PackDocumentInput[] {
  const level = (n: 1 | 2 | 3 | 4) => ({
    level: n,
    name: `Level ${n} name`,
    summary: `Children at level ${n}.`,
    description: `Description ${n}`,
    response: `Response ${n}`,
    whoResponds: `Responder ${n}`,
    nextSteps: [
      {
        id: `step-${n}`,
        text: `Do the level ${n} thing`,
        contact: 'front',
        citation: cite(`Level ${n}`),
      },
    ],
    citation: cite(`Level ${n}`),
  });
  const base: PackDocumentInput = {
    id: 'base',
    authority: 'Base',
    version: '1.0.0',
    effectiveFrom: '2020-01-01',
    sources: [{ id: 'doc', title: 'Doc', publisher: 'Pub' }],
    child: { underAge: 18, includesUnborn: true, citation: cite('Child') },
    levels: [level(1), level(2), level(3), level(4)].map((l) => ({ ...l, nextSteps: [] })),
    contacts: [
      {
        id: 'emergency',
        kind: 'emergency',
        name: '999',
        purpose: 'Emergency',
        phones: [{ number: '999' }],
        citation: cite('999'),
      },
    ],
    immediateDanger: [
      { id: 'call-999', text: 'Call 999', contact: 'emergency', citation: cite('999') },
    ],
    consent: {
      guidance: [
        { id: 'ask', text: 'Ask for consent', levels: [2, 3, 4], citation: cite('Consent') },
      ],
      doNotSeekWhen: [{ id: 'harm', text: 'Risk of harm', citation: cite('Consent') }],
    },
    openCases: {
      socialCare: [{ id: 'tell-sw', text: 'Tell the social worker', citation: cite('Open') }],
    },
  };
  const local: PackDocumentInput = {
    id: 'local',
    authority: 'Localshire',
    version: '2.1.0',
    effectiveFrom: '2021-01-01',
    extends: 'base',
    frontDoorName: 'the Front Door',
    sources: [{ id: 'local-doc', title: 'Local doc', publisher: 'Localshire' }],
    levels: [level(1), level(2), level(3), level(4)],
    domains: [{ id: 'health', name: 'Health', subDomains: [{ id: 'physical', name: 'Physical' }] }],
    indicators: ([1, 2, 3, 4] as const).flatMap((n) => [
      {
        id: `l${n}-a`,
        level: n,
        domain: 'health',
        subDomain: 'physical',
        text: `Indicator ${n}a`,
        citation: { source: 'local-doc', section: `App 1 L${n}` },
      },
      {
        id: `l${n}-b`,
        level: n,
        domain: 'health',
        text: `Indicator ${n}b`,
        citation: { source: 'local-doc', section: `App 1 L${n}` },
      },
    ]),
    accumulation: {
      note: 'Several together may mean more',
      minimumIndicators: 2,
      raisesLevel: options.raisesLevel ?? false,
      citation: cite('Acc'),
    },
    contacts: [
      {
        id: 'front',
        kind: 'front-door',
        name: 'Front Door',
        purpose: 'Referrals',
        phones: [{ number: '01234 567890', option: 'option 1' }],
        citation: cite('Contacts'),
      },
    ],
    immediateDanger: [
      {
        id: 'phone-front',
        text: 'Phone the front door now',
        contact: 'front',
        citation: cite('Contacts'),
      },
    ],
  };
  return [base, local];
}

/** The fixture packs, resolved. */
export function fixturePacks(options: { raisesLevel?: boolean } = {}): Map<string, ResolvedPack> {
  return resolvePackSet(
    fixturePackDocuments(options).map((d, i) => ({
      doc: packDocumentSchema.parse(d),
      file: `fixture-${i}.yaml`,
    })),
  );
}

/** The local fixture pack, resolved. */
export function fixtureLocalPack(options: { raisesLevel?: boolean } = {}): ResolvedPack {
  const pack = fixturePacks(options).get('local');
  if (!pack) throw new Error('fixture pack missing');
  return pack;
}
