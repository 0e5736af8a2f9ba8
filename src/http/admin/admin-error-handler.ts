import type { FastifyInstance } from 'fastify';
import { isHubError, type HubErrorCode } from '../../kernel/index.ts';

const STATUS: Partial<Record<HubErrorCode, number>> = {
  invalid_argument: 400,
  not_found: 404,
  conflict: 409,
  // A connection's source (a SIS's API, a CSV bundle) could not be read: the hub stood as a gateway.
  remote_unreachable: 502,
  remote_rejected: 502,
  remote_malformed: 502,
  bundle_unreadable: 502,
  config_invalid: 503,
};

const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * The admin API's one translation of failures, so its handlers just throw: a HubError becomes its
 * status and `{ error: code, message }`, plus `problems` when it lists them (a document checked in
 * full). Anything else — a bug, a database error, a body fastify could not parse — is rethrown:
 * fastify hands it to the parent's handler (the app's), which keeps a client error's 4xx and answers
 * the rest as a 500 that names no cause.
 */
export function answerHubErrors(admin: FastifyInstance): void {
  admin.setErrorHandler<Error>((error, _request, reply) => {
    if (!isHubError(error)) throw error;
    const status = STATUS[error.code] ?? 500;
    return reply.code(status).send({ error: error.code, message: error.message, ...(isTextList(error.details) ? { problems: error.details } : {}) });
  });
}
