import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import ajvFormats from 'ajv-formats';

/**
 * Validates JSON against the component schemas of an OpenAPI 3.0 document with ajv: the whole
 * document is added as one schema, so `$ref: '#/components/schemas/…'` resolves inside it, and
 * `allOf` (1.1), `anyOf` and `nullable` (OpenAPI 3.0, which ajv knows) are plain keywords.
 * Annotations OpenAPI adds (`example`, `xml`, …) are ignored (strict: false).
 */
export interface SchemaChecker {
  /** Every problem with its JSON path; empty when `value` is valid. */
  check(schemaName: string, value: unknown): string[];
  hasSchema(schemaName: string): boolean;
}

/** The official OpenAPI files, kept beside the repository (../shared/reference/openapi/). */
export const OPENAPI_DIR = new URL('../../../shared/reference/openapi/', import.meta.url);

export const OFFICIAL = {
  v1p1: 'oneroster-v1p1-openapi3.json',
  rostering: 'onerosterv1p2rostersservice_openapi3_v1p0.json',
  gradebook: 'onerosterv1p2gradebookservice_openapi3_v1p0.json',
  resources: 'onerosterv1p2resourcesservice_openapi3_v1p0.json',
} as const;

export type OpenApiDocument = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

export function loadOfficial(file: string): OpenApiDocument {
  return JSON.parse(readFileSync(new URL(file, OPENAPI_DIR), 'utf8')) as OpenApiDocument;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '$' : `$${error.instancePath.replaceAll('/', '.')}`;
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}

export function schemaChecker(document: OpenApiDocument): SchemaChecker {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is the module, whose `default` is the plugin.
  ajvFormats.default(ajv);
  // A fresh object: ajv keeps what it is given, and documents are reused across suites.
  ajv.addSchema({ ...structuredClone(document), $id: 'document' });
  return {
    hasSchema: (name) => name in document.components.schemas,
    check(name, value) {
      if (!(name in document.components.schemas)) return [`no schema ${name}`];
      const validate = ajv.getSchema(`document#/components/schemas/${name}`);
      if (validate === undefined) return [`cannot compile ${name}`];
      return validate(value) ? [] : (validate.errors ?? []).map(describe);
    },
  };
}

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The component schema a document names for an operation's response, finding the path with
 * parameters of any name (`/users/{sourcedId}` matches `/users/:id`).
 */
export function responseSchemaName(document: OpenApiDocument, method: string, path: string, status = '200'): string | undefined {
  const normal = (p: string): string => p.replace(/\{[^}]+\}|:[^/]+/g, '{}');
  const item = Object.entries(document.paths).find(([candidate]) => normal(candidate) === normal(path))?.[1];
  const schema = child(child(child(child(child(child(item, method), 'responses'), status), 'content'), 'application/json'), 'schema');
  const ref = child(schema, '$ref');
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}
