import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * The app's last edge for thrown errors outside the OneRoster bases (which answer in their own
 * envelope): the admin API, the token endpoint, discovery. A client error fastify raised itself
 * keeps its status; anything else is a 500 whose body names no cause, since an error's message can
 * quote SQL or values. The log gets the error's class and code, never its message or the request.
 */
export function answerUnexpectedErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: error.code ?? 'bad_request', message: 'the request could not be read' });
    request.log.error({ errorName: error.name, errorCode: error.code }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'the server could not answer this request; try again later' });
  });
}
