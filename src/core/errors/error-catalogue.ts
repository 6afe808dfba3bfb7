/**
 * The one catalogue of errors a person can meet in Baton (pattern: Fastify's FST_ERR_*).
 * Every entry has a stable code, an HTTP status and a message that says what to do.
 * `docs/errors.md` is generated from this table and a test keeps the two in step.
 */
export const ERRORS = {
  BATON_VALIDATION: {
    status: 400,
    title: 'The request is not valid',
    message:
      'Some of what was sent is missing or in the wrong form. Correct the fields listed and try again.',
  },
  BATON_UNKNOWN_INDICATOR: {
    status: 400,
    title: 'Unknown indicator',
    message:
      'One or more indicator ids are not in the chosen policy pack. Use the closest valid ids suggested, or list the pack with `baton policy show <pack>`.',
  },
  BATON_UNKNOWN_PACK: {
    status: 404,
    title: 'Unknown policy pack',
    message:
      'There is no policy pack with that id. List the loaded packs with `baton policy list` or GET /api/policy-packs.',
  },
  BATON_JUDGEMENT_REASON_REQUIRED: {
    status: 400,
    title: 'A reason is needed',
    message:
      'Your judgement differs from the suggested level. Say why in a few words so the decision can be understood later.',
  },
  BATON_INVALID_PACK: {
    status: 422,
    title: 'The policy pack is not valid',
    message:
      'Fix the pack at the file and path given, then validate it again with `baton policy validate <file>`.',
  },
  BATON_PACK_CONTRACT: {
    status: 422,
    title: 'The policy pack lacks a step Baton relies on',
    message:
      'Give the step named at the file and path the `role:` Baton needs, or keep only one step with that role from each state (docs/policy-packs.md, "What Baton relies on"), then validate it again with `baton policy validate <file>`.',
  },
  BATON_NOT_SIGNED_IN: {
    status: 401,
    title: 'You need to sign in',
    message: 'Sign in to continue.',
  },
  BATON_SIGN_IN_FAILED: {
    status: 401,
    title: 'Sign in failed',
    message: 'The username or password is not right. Check them and try again.',
  },
  BATON_SIGN_IN_RATE_LIMITED: {
    status: 429,
    title: 'Too many sign-in attempts',
    message: 'There have been too many attempts to sign in. Wait 15 minutes and try again.',
  },
  BATON_FORBIDDEN: {
    status: 403,
    title: 'You do not have access',
    message:
      'Your role or agency does not give you access to this. If you need it, ask your team manager or the administrator.',
  },
  BATON_CSRF: {
    status: 403,
    title: 'The form has expired',
    message:
      'The form was out of date or did not come from Baton. Go back, reload the page and submit it again.',
  },
  BATON_STALE_EDIT: {
    status: 409,
    title: 'Someone else has changed this record',
    message:
      'The record changed after you opened it, so your change was not saved. Reload it to see the latest version, then make your change again.',
  },
  BATON_TRANSITION_REFUSED: {
    status: 422,
    title: 'This step cannot go ahead yet',
    message:
      'Something the local rules require is missing. The list says what, with the rule and where it comes from; add it and try again.',
  },
  BATON_TRANSITION_NOT_ALLOWED: {
    status: 409,
    title: 'This step is not available',
    message:
      'The step cannot be taken from where the work is now, or your role cannot take it. Reload to see the current state and the steps open to you.',
  },
  BATON_OCCURRED_IN_FUTURE: {
    status: 422,
    title: 'That date has not happened yet',
    message:
      'Record a step, meeting, review or concern once it has happened: give the date (and time) it happened, today or earlier.',
  },
  BATON_OCCURRED_BEFORE_WORK_BEGAN: {
    status: 422,
    title: 'That date is before this work began',
    message:
      'A step cannot have happened before the work it belongs to began. Check the date it happened; if it belongs to earlier work, record it there.',
  },
  BATON_OCCURRED_BEFORE_PREVIOUS_STEP: {
    status: 422,
    title: 'That date is before the step it follows',
    message:
      'Steps happen in order: give a date on or after the last step recorded on this work (shown on the work page).',
  },
  BATON_OCCURRED_TIME_NEEDED: {
    status: 422,
    title: 'Give the time it happened',
    message:
      'This step starts a timescale counted in hours, so give the time it happened as well as the date (for example 2026-12-07T14:30).',
  },
  BATON_ALREADY_OPEN: {
    status: 409,
    title: 'This work is already open',
    message:
      'The child already has this kind of work open. Continue the open work instead of starting another.',
  },
  BATON_IDEMPOTENCY_CONFLICT: {
    status: 422,
    title: 'The same request key was used for a different request',
    message:
      'An Idempotency-Key can be reused only to retry the same request. Use a new key for a new submission.',
  },
  BATON_VERSION_REQUIRED: {
    status: 422,
    title: 'Say which version you changed',
    message:
      'A change must carry the `version` of the record you read, so that it cannot silently overwrite someone else’s. Read the record, then send its `version` with your change (0 when there was none yet).',
  },
  BATON_BAD_CURSOR: {
    status: 400,
    title: 'The link to this page of the list is not valid',
    message:
      'The link was changed or cut short. Go back to the first page of the list and move through it with its Next and Previous links.',
  },
  BATON_INVALID_WEBHOOK: {
    status: 400,
    title: 'Webhook subscription not valid',
    message:
      'Give the subscriber an http(s) URL and one or more known event types (see docs/outbox.md), or * for all.',
  },
  BATON_NOT_FOUND: {
    status: 404,
    title: 'Page not found',
    message: 'Check the address, or start again from the home page.',
  },
  BATON_RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    message:
      'Baton has had too many requests from you in a short time. Wait a minute and try again.',
  },
  BATON_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported content type',
    message: 'Send the API request body as JSON with the header Content-Type: application/json.',
  },
  BATON_INPUT_TOO_DEEP: {
    status: 400,
    title: 'The request is nested too deeply',
    message:
      'The request body has more than 32 levels of nested objects or arrays. Send the fields as the API description shows them.',
  },
  BATON_INPUT_TOO_LARGE: {
    status: 413,
    title: 'The request is too large',
    message:
      'The request body is larger than Baton accepts (256 KB). Send less at once, for example a shorter text or fewer items.',
  },
  BATON_WEAK_PASSWORD: {
    status: 400,
    title: 'Choose a different password',
    message:
      'The password is too short or too common. Use at least 12 characters — three random words work well — that are not a well-known password.',
  },
  BATON_UNSAFE_CONFIGURATION: {
    status: 500,
    title: 'Baton will not start in production with unsafe settings',
    message:
      'In production (NODE_ENV or BATON_ENV set to production) Baton needs BATON_DEMO_DATA=false and BATON_COOKIE_SECURE=true, served over HTTPS. Change the settings listed and start it again.',
  },
  BATON_BACKUP_FILE_EXISTS: {
    status: 409,
    title: 'The backup file already exists',
    message:
      'A backup never overwrites a file. Give a new file name, or move the old backup away first.',
  },
  BATON_BACKUP_NO_DATABASE: {
    status: 404,
    title: 'There is no Baton database to back up',
    message:
      'No Baton database was found where the configuration points. Check DATABASE_URL or BATON_SQLITE_PATH (the server uses the same settings).',
  },
  BATON_BACKUP_UNREADABLE: {
    status: 422,
    title: 'The file is not a complete Baton backup',
    message:
      'The file is not a Baton backup, or it was cut short. Restore from another copy, made with `baton backup <file>`.',
  },
  BATON_BACKUP_WRONG_DATABASE: {
    status: 422,
    title: 'The backup is for the other kind of database',
    message:
      'A SQLite backup restores into SQLite (BATON_SQLITE_PATH) and a PostgreSQL backup into PostgreSQL (DATABASE_URL). Point the configuration at the right kind of database.',
  },
  BATON_BACKUP_SCHEMA_MISMATCH: {
    status: 422,
    title: 'The backup is from another version of Baton',
    message:
      'The backup was taken by a Baton with different database migrations. Restore it with the version of Baton that took it, then upgrade.',
  },
  BATON_RESTORE_NOT_EMPTY: {
    status: 409,
    title: 'The database to restore into is not empty',
    message:
      'A restore only goes into an empty database, so that nothing is overwritten or mixed. Create a new database (or point BATON_SQLITE_PATH at a new file) and restore into that.',
  },
  BATON_SEED_NOT_EMPTY: {
    status: 409,
    title: 'The database already holds records',
    message:
      'A synthetic authority is only seeded into an empty database or one with just the demo data, so real or earlier records are never mixed with it. Use a new database, or add `--force` (with a different `--random-seed` if this seed was loaded before).',
  },
  BATON_USER_EXISTS: {
    status: 409,
    title: 'That user already exists',
    message:
      'Another user already has that username or email address. Each person has one account: find theirs in the list of users, or choose another username.',
  },
  BATON_APPROVAL_NEEDED: {
    status: 403,
    title: 'A second administrator must approve this',
    message:
      'A role that opens children’s records is approved by a second administrator, never by the one who asked for it or the person receiving it. Ask another administrator to approve it in Administration, Roles waiting for approval.',
  },
  BATON_LAST_ADMINISTRATOR: {
    status: 409,
    title: 'Baton needs an administrator',
    message:
      'This is the only active administrator. Give another user the administrator role first, then try again.',
  },
  BATON_ADMINISTRATOR_EXISTS: {
    status: 409,
    title: 'Baton already has an administrator',
    message:
      '`baton admin create` only makes the first administrator of a deployment with none. Ask an existing administrator to add the user in Administration.',
  },
  BATON_SIGN_IN_LINK_INVALID: {
    status: 410,
    title: 'This sign-in link cannot be used',
    message:
      'The link has been used already, has expired or was copied wrongly. Ask your administrator for a new one.',
  },
  BATON_IMPORT_INVALID: {
    status: 400,
    title: 'The file of users is not valid',
    message:
      'Some rows of the file are not right, so no user was added. Correct the rows listed (numbered as in the file, the header being row 1) and import the file again.',
  },
  BATON_INTERNAL: {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message:
      'Something went wrong on our side and nothing was saved. Try again later; if it keeps happening, tell your administrator the request id.',
  },
  BATON_PASSWORD_SIGN_IN_OFF: {
    status: 403,
    title: 'Sign in with your organisation’s account',
    message:
      'This Baton does not take usernames and passwords. Go to the sign-in page and choose your organisation’s sign-in button.',
  },
  BATON_SSO_UNKNOWN_PROVIDER: {
    status: 404,
    title: 'Unknown sign-in provider',
    message:
      'There is no identity provider with that name here. Go to the sign-in page and choose one of the sign-in buttons shown.',
  },
  BATON_SSO_FAILED: {
    status: 400,
    title: 'Signing in with your organisation’s account did not finish',
    message:
      'The answer from your organisation’s sign-in could not be checked (it was out of date, used twice or changed on the way). Go to the sign-in page and start again; if it happens again, tell your Baton administrator the request id below.',
  },
  BATON_SSO_UNKNOWN_USER: {
    status: 403,
    title: 'Baton does not know your account',
    message:
      'You signed in with your organisation, but no Baton user has that account. Ask your Baton administrator to add you with the email address your organisation uses for you.',
  },
  BATON_SSO_ACCOUNT_INACTIVE: {
    status: 403,
    title: 'Your Baton account is not active',
    message:
      'Your account is waiting for an administrator to approve it, or has been switched off. Ask your Baton administrator to activate it, then sign in again.',
  },
  BATON_CLIENT_TOKEN_INVALID: {
    status: 401,
    title: 'The API token is not valid',
    message:
      'The bearer token is unknown, revoked or past its expiry. Ask the Baton administrator for a new one (`baton clients add`) and send it as `Authorization: Bearer <token>`.',
  },
  BATON_CLIENT_SCOPE: {
    status: 403,
    title: 'The API client’s scope does not cover this',
    message:
      'This API client may not call this operation. Ask the Baton administrator for a client with the scope the operation names in the OpenAPI document.',
  },
  BATON_CLIENT_UNKNOWN: {
    status: 404,
    title: 'Unknown API client',
    message: 'There is no API client with that name. List them with `baton clients list`.',
  },
  BATON_UNKNOWN_CENSUS_YEAR: {
    status: 400,
    title: 'Unknown census year',
    message:
      'Baton writes the Children in Need census for 2025-26 and 2026-27. Give one of those years, like --year 2025-26.',
  },
  BATON_NO_LA_NUMBER: {
    status: 422,
    title: 'The policy pack has no DfE LA number',
    message:
      "The census header needs the authority's 3-digit DfE local authority number. Add `dfeLaNumber` to the authority's policy pack (docs/policy-packs.md), or choose the authority's pack rather than the national one.",
  },
  BATON_NO_CHILDREN: {
    status: 404,
    title: 'No children for this return',
    message:
      'No child had social care work (an assessment, s47 enquiries, a plan or care) in the period, so there is nothing to return. Check the database and the year; seed a synthetic authority with `baton seed` to try it out.',
  },
  BATON_ANNEX_A_BAD_DATE: {
    status: 400,
    title: 'Not a date',
    message:
      'Give the Annex A window as two real dates in the form YYYY-MM-DD, like --from 2026-06-08 --to 2026-12-07 (Ofsted asks for the six months before the inspection).',
  },
  BATON_ANNEX_A_WINDOW: {
    status: 400,
    title: 'The window ends before it starts',
    message:
      'The "from" date of the Annex A window is after its "to" date. Give the earlier date as from and the later as to.',
  },
  BATON_CENSUS_INVALID: {
    status: 422,
    title: 'The census fails DfE validation',
    message:
      'Some children fail DfE validation rules that are errors (listed with the rule, the child and a link to the record). Fix them on the records and run the validation again; queries are listed too but do not block the return.',
  },
} as const satisfies Record<string, { status: number; title: string; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One field-level problem: where it is and what is wrong. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error that carries a catalogue code; everything else is treated as BATON_INTERNAL. */
export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly ErrorDetail[];
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    options: { message?: string; details?: ErrorDetail[]; extra?: Record<string, unknown> } = {},
  ) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'BatonError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options.details ?? [];
    this.extra = options.extra ?? {};
  }
}

/** True when `e` is a BatonError (narrowing helper for catch blocks). */
export function isBatonError(e: unknown): e is BatonError {
  return e instanceof BatonError;
}
