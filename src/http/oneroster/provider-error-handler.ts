import type { FastifyError, FastifyInstance } from 'fastify';
import { statusEnvelope, versionOfPath } from '../wire/index.ts';

/** The stack's frames without its first line: the message may quote SQL or values, the frames do not. */
export function stackFrames(stack: string | undefined): string[] {
  return (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
}

/**
 * The provider's one edge for thrown errors. A client error fastify raised itself (a body it
 * cannot parse, a wrong content type) keeps its 4xx status as `invaliddata`; anything else is a
 * 500 `internal_server_error` with a generic description. The log names the error's class, code
 * and frames only: never its message, the query or the request's data.
 */
export function answerThrownErrors(api: FastifyInstance): void {
  api.setErrorHandler((error: FastifyError, request, reply) => {
    const version = versionOfPath(request.url) ?? '1.2';
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      return reply.code(status).send(statusEnvelope(version, 'invaliddata', `The request could not be read (${error.code ?? 'bad request'})`, request.id));
    }
    request.log.error({ errorName: error.name, errorCode: error.code, frames: stackFrames(error.stack) }, 'OneRoster request failed');
    return reply.code(500).send(statusEnvelope(version, 'internal_server_error', 'The server could not answer this request; try again later', request.id));
  });
}
