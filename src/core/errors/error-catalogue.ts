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
  BATON_INTERNAL: {
    status: 500,
    title: 'Sorry, there is a problem with the service',
    message:
      'Something went wrong on our side and nothing was saved. Try again later; if it keeps happening, tell your administrator the request id.',
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
