/** The Child and Family Assessment as recorded (factors, findings, primary need) and authorised. */
import { BatonError } from '../../../core/errors/error-catalogue.js';
import { WORKFLOW_IDS } from '../../../core/policy/index.js';
import { assessmentProblems, authorisationProblems } from '../../../core/returns/index.js';
import { userName } from '../../repositories/index.js';
import type { Session } from '../../session/index.js';
import { invalid, obj, str, strs } from './record-access.js';
import type { SocialCareRecord } from './record-view.js';
import { saveOnWork } from './record-save.js';

/** The assessment as the social worker records it. */
export interface RecordAssessment {
  version: number;
  startDate: string;
  factors: string[];
  findings: string;
  primaryNeed?: string | null | undefined;
}

/** Record (or correct) the assessment: start, factors identified, findings, primary need. */
export function recordAssessment(
  session: Session,
  id: string,
  input: RecordAssessment,
): Promise<SocialCareRecord> {
  const on = {
    workflowId: WORKFLOW_IDS.cfAssessment,
    auditAction: 'social-care.assessment.record',
  };
  return saveOnWork(session, id, on, input.version, (item, s) => {
    if (item.final)
      throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
        message: 'This assessment is closed: it can no longer be changed.',
      });
    const census = obj(item.data['census']);
    if (str(census['authorisedOn']) !== null)
      throw new BatonError('BATON_TRANSITION_NOT_ALLOWED', {
        message: 'This assessment has been authorised: ask the manager before it is changed.',
      });
    const findings = input.findings.trim();
    const primaryNeed = input.primaryNeed ?? null;
    const problems = assessmentProblems(
      { startDate: input.startDate, factors: input.factors, findings, primaryNeed },
      { today: s.today, referralOn: item.beganAt.slice(0, 10) },
    );
    if (problems.length > 0) throw invalid(problems);
    return {
      census: { startDate: input.startDate, factors: [...input.factors], primaryNeed },
      assessment: { findings },
    };
  });
}

/** The manager authorises the completed assessment on the day given (census N00160). */
export function authoriseAssessment(
  session: Session,
  id: string,
  input: { version: number; authorisedOn: string },
): Promise<SocialCareRecord> {
  const on = {
    workflowId: WORKFLOW_IDS.cfAssessment,
    auditAction: 'social-care.assessment.authorise',
    need: 'authorise',
  } as const;
  return saveOnWork(session, id, on, input.version, async (item, s) => {
    const census = obj(item.data['census']);
    const problems = authorisationProblems(
      {
        startDate: str(census['startDate']),
        factors: strs(census['factors']),
        primaryNeed: str(census['primaryNeed']),
      },
      input.authorisedOn,
      s.today,
    );
    if (problems.length > 0) throw invalid(problems);
    return {
      census: { authorisedOn: input.authorisedOn },
      assessment: { authorisedBy: (await userName(s.db, s.actor.userId)) ?? 'A manager' },
    };
  });
}
