import type { FastifyReply } from 'fastify';
import { isHubError, type HubErrorCode } from '../../kernel/index.ts';

const STATUS: Partial<Record<HubErrorCode, number>> = {
  invalid_argument: 400,
  not_found: 404,
  conflict: 409,
  config_invalid: 503,
};

/**
 * The admin API's one translation of failures: a HubError becomes its status and
 * `{ error: code, message }`; anything else is rethrown so fastify logs it as a 500 with its cause.
 */
export function replyWithHubError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!isHubError(error)) throw error;
  const status = STATUS[error.code] ?? 500;
  return reply.code(status).send({ error: error.code, message: error.message });
}
