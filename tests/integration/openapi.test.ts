import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, OpenApiOperation } from '../support/openapi-document';
import { issue, login, useTestApp } from '../support/test-app';

const t = useTestApp();

const fetchDocument = async () => (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;

function operationsOf(doc: OpenApiDocument): { key: string; method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })));
}

const concrete = (path: string) => path.replace('{centerId}', 'isb-g9').replace(/\{\w+\}/g, '999');

/**
 * Compiles one schema of the document by itself with Ajv 2020 in strict mode, as an outside client does.
 * The document's components ride along under `components`, so `#/components/schemas/X` references resolve.
 */
function compileAlone(doc: OpenApiDocument, schema: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // Outside clients validate `format: date` and the like with ajv-formats.
  addFormats.default(ajv);
  ajv.addKeyword('components');
  return ajv.compile({ ...schema, components: doc.components });
}

function responseSchema(doc: OpenApiDocument, method: string, path: string, status: number, mediaType = 'application/json') {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  const schema = response?.content?.[mediaType]?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no ${status} ${mediaType} body`);
  return schema;
}

describe('the OpenAPI document', () => {
  it('names and summarises every operation, once, and says where the server is', async () => {
    const doc = await fetchDocument();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter(({ op }) => !op.operationId || !op.summary).map((o) => o.key)).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('declares the session scheme on exactly the operations that answer 401 without a session', async () => {
    const doc = await fetchDocument();
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['session']);
    for (const { key, method, path, op } of operationsOf(doc)) {
      expect(op.security, `${key} declares its security`).toBeDefined();
      const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url: concrete(path), ...(method !== 'get' ? { payload: {} } : {}) });
      const refusedForNoSession = res.statusCode === 401 && res.json().error.code === 'UNAUTHENTICATED';
      expect(op.security, `${key} → ${res.statusCode}`).toEqual(refusedForNoSession ? [{ session: [] }] : []);
      if (refusedForNoSession) expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['401']));
    }
  });

  it('documents 413 and 415 wherever a body is taken, and every operation with input has a 4xx', async () => {
    const doc = await fetchDocument();
    // These take no parameter and no body, and always answer 200: there is no 4xx to document.
    const noInput = new Set(['GET /api/v1/centers', 'GET /api/v1/site']);
    for (const { key, op } of operationsOf(doc)) {
      if (op.requestBody) expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['413', '415']));
      if (!noInput.has(key)) expect(Object.keys(op.responses).some((s) => s.startsWith('4')), key).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) expect(response.description, `${key} ${status}`).not.toBe('Default Response');
    }
  });

  it('documents the queue summary and the CSV export with their bodies and 401/403', async () => {
    const doc = await fetchDocument();
    const summary = doc.paths['/api/v1/centers/{centerId}/queue-summary']!.get!;
    expect(summary.responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/QueueSummary' });
    const csv = doc.paths['/api/v1/centers/{centerId}/reports/tickets.csv']!.get!;
    expect(Object.keys(csv.responses['200']!.content!)).toEqual(['text/csv']);
    for (const op of [summary, csv]) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('every component schema carries no fragment $id and compiles alone with Ajv 2020', async () => {
    const doc = await fetchDocument();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ApiError', 'Ticket', 'QueueSummary', 'Stats']));
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(schema.$id, name).toBeUndefined();
      expect(() => compileAlone(doc, schema), name).not.toThrow();
    }
  });

  it('real answers validate against the schemas the document gives for them', async () => {
    const doc = await fetchDocument();
    const check = (method: string, path: string, status: number, body: unknown) => {
      const validate = compileAlone(doc, responseSchema(doc, method, path, status));
      expect(validate(body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    const issued = await issue(t.app, 1);
    check('post', '/api/v1/centers/{centerId}/tickets', 201, issued.body);
    const cookie = await login(t.app, 'supervisor', 'supervisor-demo');
    const summary = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/queue-summary', headers: { cookie } });
    check('get', '/api/v1/centers/{centerId}/queue-summary', 200, summary.json());
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/queue-summary' });
    check('get', '/api/v1/centers/{centerId}/queue-summary', 401, anonymous.json());
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    check('post', '/api/v1/centers/{centerId}/tickets', text.statusCode, text.json());
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1, name: 'x'.repeat(70_000) } });
    check('post', '/api/v1/centers/{centerId}/tickets', huge.statusCode, huge.json());
    expect([text.statusCode, huge.statusCode]).toEqual([415, 413]);
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/reports/tickets.csv', headers: { cookie } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(compileAlone(doc, responseSchema(doc, 'get', '/api/v1/centers/{centerId}/reports/tickets.csv', 200, 'text/csv'))(csv.body)).toBe(true);
  });

  it('the docs pages and the API ask no browser to upgrade to https (halls run on plain HTTP)', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/index.html', '/api/docs/static/swagger-initializer.js', '/api/openapi.json', '/api/v1/centers', '/healthz']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, url).toMatch(/default-src 'self'/);
      expect(csp, url).not.toMatch(/upgrade-insecure-requests/);
    }
  });
});
