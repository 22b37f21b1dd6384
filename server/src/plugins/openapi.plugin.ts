import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { apiErrorSchema } from '@navbat/shared';

type RouteTransform = typeof jsonSchemaTransform;
type DocumentTransform = typeof jsonSchemaTransformObject;
type JsonSchema = Record<string, unknown>;

/** What each status means across the API; the OpenAPI document says it on every response. */
const statusMeaning: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  204: 'Nothing to return',
  400: 'VALIDATION_ERROR or INVALID_JSON: the request does not match the contract',
  401: 'UNAUTHENTICATED: no live session cookie (checked before validation)',
  403: 'FORBIDDEN (the role may not act) or CROSS_ORIGIN_REQUEST',
  404: 'The center, service, counter, ticket or user does not exist',
  409: 'The command conflicts with the current state (the code says which)',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than 64 KiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json',
  422: 'The ticket cannot be issued (service closed, daily cap reached, priority not allowed)',
  429: 'RATE_LIMITED: too many requests from this client address; try again later',
};

/**
 * Per route: routes that take a body also document 413 and 415 (the app answers them before the route
 * runs); a response whose schema says `contentMediaType` (e.g. text/csv) is documented as that media type
 * rather than JSON; every response gets a description.
 */
const transformRoute: RouteTransform = (input) => {
  const schema = input.schema as Record<string, unknown> | undefined;
  const withBodyErrors = schema?.body ? { ...schema, response: { ...(schema.response as object), 413: apiErrorSchema, 415: apiErrorSchema } } : schema;
  const result = jsonSchemaTransform({ ...input, schema: withBodyErrors } as Parameters<RouteTransform>[0]);
  // Routes without a schema (the apps' pages) come back without one.
  const response = (result.schema as { response?: Record<string, JsonSchema> } | undefined)?.response;
  for (const [status, json] of Object.entries(response ?? {})) {
    const description = json.description ?? statusMeaning[status] ?? 'Answer';
    if (typeof json.contentMediaType === 'string') {
      // zod's placeholder `$id` and `$schema` belong to a root schema, not to a media type's.
      const { contentMediaType, description: _, $id: _id, $schema: _dialect, ...body } = json;
      response![status] = { description, content: { [contentMediaType]: { schema: body } } };
    } else if (json.description === undefined) {
      // @fastify/swagger reads a response's description beside a `$ref`, and from this key on inline schemas.
      response![status] = { ...json, [json.$ref ? 'description' : 'x-response-description']: description };
    }
  }
  return result;
};

/** Names of the components `value` refers to (`#/components/schemas/X`), directly. */
function referencedComponents(value: unknown): string[] {
  const json = JSON.stringify(value) ?? '';
  return [...json.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
}

/**
 * Components keep their names but lose the `$id: "#/components/schemas/X"` zod gives them: a fragment is
 * not a valid 2020-12 `$id`, so a client validating with one component alone (Ajv 2020) refused it. Only
 * components an operation reaches are kept (zod's registry also holds `XInput` twins no route takes).
 */
const transformDocument: DocumentTransform = (input) => {
  const document = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, JsonSchema> } };
  const all = document.components?.schemas ?? {};
  const reached = new Set<string>();
  const visit = (names: string[]) => {
    for (const name of names) {
      if (reached.has(name) || !all[name]) continue;
      reached.add(name);
      visit(referencedComponents(all[name]));
    }
  };
  visit(referencedComponents(document.paths));
  const kept: Record<string, JsonSchema> = {};
  for (const name of Object.keys(all).filter((n) => reached.has(n))) {
    const { $id: _fragmentId, ...schema } = all[name]!;
    kept[name] = schema;
  }
  if (document.components) document.components.schemas = kept;
  return document as ReturnType<DocumentTransform>;
};

/** The OpenAPI document generated from the routes' zod schemas, at /api/openapi.json and /api/docs. */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Navbat API',
          version: '1.0.0',
          description: 'Queue and token management for walk-in public service halls. Contract: shared/API.md.',
        },
        servers: [{ url: '/', description: 'The Navbat server that serves this document' }],
        components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'navbat_session', description: 'The session cookie POST /api/v1/auth/login sets' } } },
      },
      transform: transformRoute,
      transformObject: transformDocument,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      // Halls run on plain HTTP inside a LAN: `upgrade-insecure-requests` would make the browser fetch the
      // page's scripts over https there, and the page stays blank. Behind TLS, HSTS belongs to the proxy.
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/g, '').trim(),
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
