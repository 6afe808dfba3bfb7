/**
 * Posting one workflow step from a page (a disagreement's stage, any work's next step): the
 * answers the form carries, and a refusal turned into a GOV.UK error summary whose links lead to
 * each missing answer box, or to the form for a rule with no box (consent, a meeting held).
 */
import { isBatonError } from '../../../core/errors/error-catalogue.js';
import { formProblem, type FormProblem } from './early-help-form.js';
import { field, type FormBody } from './form-values.js';

/** The step's answers: fields named `answer-<field>` that were filled in. */
export function stepAnswers(form: FormBody): Record<string, string> {
  return Object.fromEntries(
    Object.keys(form)
      .filter((k) => k.startsWith('answer-'))
      .map((k) => [k.slice('answer-'.length), field(form, k)] as const)
      .filter(([, value]) => value.trim() !== ''),
  );
}

/** A refused or stale step as the form shows it again, with the error's code for the page. */
export function stepProblem(e: unknown): FormProblem & { code: string | undefined } {
  const problem = formProblem(e, {}, 'step');
  const errors =
    problem.missing.length > 0
      ? problem.missing.map((m) => ({
          text: m.message,
          href: m.rule.startsWith('requires:')
            ? `#answer-${m.rule.slice('requires:'.length)}`
            : m.rule === 'leadProfessionalNamed'
              ? '#answer-leadProfessionalUserId'
              : '#step',
        }))
      : problem.errors;
  return { ...problem, errors, code: isBatonError(e) ? e.code : undefined };
}
