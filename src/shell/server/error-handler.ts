/**
 * One place where errors become responses. API routes answer JSON `{ error: { code, message,
 * details } }`; pages answer a GOV.UK error page. Internals (stack traces, SQL) never leave the
 * server: unknown errors become BATON_INTERNAL with the request id, and are logged without PII.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BatonError,
  ERRORS,
  isBatonError,
  type ErrorCode,
} from '../../core/errors/error-catalogue.js';

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details: { path: string; message: string }[];
    requestId: string;
    [key: string]: unknown;
  };
}

/** Is this request for the JSON API (rather than a page)? */
export const isApiRequest = (request: FastifyRequest): boolean => request.url.startsWith('/api/');

/** Turn any thrown value into a BatonError. */
export function toBatonError(error: unknown): BatonError {
  if (isBatonError(error)) return error;
  const fe = error as Partial<FastifyError>;
  if (fe.validation !== undefined) {
    return new BatonError('BATON_VALIDATION', {
      details: fe.validation.map((v) => {
        const missing = v.params.missingProperty;
        return {
          path:
            v.instancePath.replace(/^\//, '').replaceAll('/', '.') ||
            (typeof missing === 'string' ? missing : '(body)'),
          message: v.message ?? 'is not valid',
        };
      }),
    });
  }
  const code = fe.code ?? '';
  if (code === 'FST_CSRF_INVALID_TOKEN' || code === 'FST_CSRF_MISSING_SECRET')
    return new BatonError('BATON_CSRF');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new BatonError('BATON_UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new BatonError('BATON_INPUT_TOO_LARGE');
  if (code.startsWith('FST_ERR_CTP_')) {
    return new BatonError('BATON_VALIDATION', {
      message: 'The request body is not valid JSON (or is too large). Send a JSON object.',
    });
  }
  if (fe.statusCode === 429) return new BatonError('BATON_RATE_LIMITED');
  if (fe.statusCode === 404) return new BatonError('BATON_NOT_FOUND');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new BatonError('BATON_VALIDATION', {
      message: 'The request could not be read. Check its format and try again.',
    });
  }
  return new BatonError('BATON_INTERNAL');
}

/** The JSON body for an error. */
export function errorBody(err: BatonError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      details: [...err.details],
      requestId,
      ...err.extra,
    },
  };
}

export type PageErrorRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  err: BatonError,
) => Promise<unknown>;

/**
 * Errors Fastify meets before routing (an address with malformed percent-encoding): answered
 * with a coded body like every other error, not Fastify's own (found by the API fuzz suite).
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const err =
    error.code === 'FST_ERR_BAD_URL'
      ? new BatonError('BATON_VALIDATION', {
          message: 'The address is not valid (it has malformed percent-encoding). Check it.',
        })
      : toBatonError(error);
  void reply.status(err.status).type('application/json').send(errorBody(err, request.id));
}

/**
 * An unexpected error as the log may hold it: no personal data. A database error's message can
 * quote the values it refused (PostgreSQL's "Key (email)=(…) already exists"), so for those only
 * the code and the constraint, table and column are kept, and the stack without its first line
 * (which repeats the message). Other errors are faults in Baton, whose messages name code.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  const e = error instanceof Error ? error : new Error(String(error));
  const fields = e as Error & Record<string, unknown>;
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  if (code === undefined) return { type: e.name, message: e.message, stack: e.stack };
  const detail = Object.fromEntries(
    ['constraint', 'table', 'column'].flatMap((k) =>
      typeof fields[k] === 'string' ? [[k, fields[k]]] : [],
    ),
  );
  return {
    type: e.name,
    code,
    ...detail,
    stack: e.stack?.split('\n').slice(1).join('\n'),
  };
}

/** Install the error and not-found handlers. */
export function installErrorHandling(app: FastifyInstance, renderPage: PageErrorRenderer): void {
  app.setErrorHandler(async (error, request, reply) => {
    const err = toBatonError(error);
    if (err.code === 'BATON_INTERNAL') {
      request.log.error({ err: loggableError(error) }, 'unhandled error');
    }
    void reply.status(err.status);
    if (isApiRequest(request))
      return reply.type('application/json').send(errorBody(err, request.id));
    return renderPage(request, reply, err);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const err = new BatonError('BATON_NOT_FOUND');
    void reply.status(404);
    if (isApiRequest(request)) return reply.send(errorBody(err, request.id));
    return renderPage(request, reply, err);
  });
}

export { ERRORS };
