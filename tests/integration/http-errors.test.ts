import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorStatus } from '@navbat/shared';
import { createTestApp, issue, login, type TestApp } from '../support/test-app';
import { rawHttp } from '../support/raw-http';

/**
 * Every error the server sends, including the ones Fastify and Node's HTTP parser meet before a route
 * runs, has the contract's `{ error: { code, message } }` shape; wrong methods are 405 with `Allow`.
 */
let t: TestApp;
let port: number;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, 'admin', 'admin-password-1');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await t?.close();
});

function expectContractError(status: number, body: string, code: string) {
  expect(status, body).toBe(errorStatus[code as keyof typeof errorStatus]);
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(parsed.error.code).toBe(code);
  expect(typeof parsed.error.message).toBe('string');
  expect(parsed.error.message.length).toBeGreaterThan(0);
}

describe('errors Fastify meets before a route runs', () => {
  it('a bad percent-encoding is 400 VALIDATION_ERROR', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/tickets/%ZZ' });
    expectContractError(res.statusCode, res.body, 'VALIDATION_ERROR');
  });

  it('an over-long path parameter is 414 URI_TOO_LONG', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${'a'.repeat(500)}` });
    expectContractError(res.statusCode, res.body, 'URI_TOO_LONG');
  });

  it('a body that is not JSON is 400 INVALID_JSON, a too-large one 413, another content type 415', async () => {
    const post = (payload: string, type: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'content-type': type }, payload });
    let res = await post('{"serviceId": ', 'application/json');
    expectContractError(res.statusCode, res.body, 'INVALID_JSON');
    res = await post(JSON.stringify({ serviceId: 1, pad: 'x'.repeat(70_000) }), 'application/json');
    expectContractError(res.statusCode, res.body, 'PAYLOAD_TOO_LARGE');
    res = await post('serviceId=1', 'application/x-www-form-urlencoded');
    expectContractError(res.statusCode, res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe("errors Node's HTTP parser meets (raw HTTP)", () => {
  it('an unknown method is a raw 400 MALFORMED_REQUEST in our shape, and the connection is closed', async () => {
    const res = await rawHttp(port, 'FROBNICATE /api/v1/centers HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expectContractError(res.status, res.body, 'MALFORMED_REQUEST');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.connection).toBe('close');
  });

  it('Content-Length together with Transfer-Encoding is a 400 MALFORMED_REQUEST and issues nothing', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/queue', headers: { cookie } })).json().length;
    const body = '{"serviceId":1}';
    const res = await rawHttp(
      port,
      `POST /api/v1/centers/isb-g9/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expectContractError(res.status, res.body, 'MALFORMED_REQUEST');
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/queue', headers: { cookie } })).json().length;
    expect(after).toBe(before);
  });

  it('CONNECT (a proxy tunnel request) is 405 METHOD_NOT_ALLOWED in our shape, not a silently dropped connection', async () => {
    const res = await rawHttp(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expectContractError(res.status, res.body, 'METHOD_NOT_ALLOWED');
  });

  it('headers too large for the parser are 431 HEADERS_TOO_LARGE in our shape', async () => {
    const res = await rawHttp(port, `GET /api/v1/centers HTTP/1.1\r\nHost: localhost\r\nX-Junk: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectContractError(res.status, res.body, 'HEADERS_TOO_LARGE');
  });

  it('a well-formed raw request still works (the handler only takes unparseable ones)', async () => {
    const res = await rawHttp(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(res.status).toBe(200);
  });
});

describe('405 Method Not Allowed', () => {
  it('a wrong method on a known path is 405 with the methods it answers in Allow', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/centers/isb-g9/tickets' });
    expectContractError(res.statusCode, res.body, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
    const get = await t.app.inject({ method: 'PUT', url: '/api/v1/centers' });
    expectContractError(get.statusCode, get.body, 'METHOD_NOT_ALLOWED');
    expect(String(get.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD']));
  });

  it('methods the router does not know on a known path (PROPFIND, TRACE) are 405 too', async () => {
    for (const method of ['PROPFIND', 'TRACE', 'OPTIONS']) {
      const res = await rawHttp(port, `${method} /api/v1/centers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expectContractError(res.status, res.body, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('a path no route answers is still 404 NOT_FOUND without Allow', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/no-such-thing' });
    expectContractError(res.statusCode, res.body, 'NOT_FOUND');
    expect(res.headers.allow).toBeUndefined();
  });

  it('a refused method changes nothing', async () => {
    const { ticket } = (await issue(t.app, 1)).body;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.publicId}/cancel` });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    const now = await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.publicId}` });
    expect(now.json().ticket.status).toBe('waiting');
  });
});
