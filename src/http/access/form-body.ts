import type { FastifyInstance } from 'fastify';

/**
 * Keeps application/x-www-form-urlencoded bodies as the raw string, inside the calling plugin's
 * scope: OAuth 1.0a signs the body's bytes as sent, and the token endpoint decodes it itself.
 */
export function keepRawFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, body);
  });
}

/** Decoded form fields; a name sent twice becomes a list. */
export function decodeForm(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (typeof body !== 'string') return fields;
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return fields;
}
