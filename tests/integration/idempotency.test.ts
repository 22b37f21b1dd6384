import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app';

const t = useTestApp();

const post = (body: object, key?: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: body, headers: key ? { 'idempotency-key': key } : {} });

const ticketCount = async () => Number((await t.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('idempotency keys (Stripe semantics)', () => {
  it('the same key sent concurrently many times produces one ticket and identical answers', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => post({ serviceId: 1, language: 'ur' }, 'kiosk-7-tap-1')));
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await ticketCount()).toBe(1);
    expect(JSON.parse(answers[0]!.body).ticket.code).toBe('A001');
  });

  it('a retry later returns the first answer again and issues nothing', async () => {
    const first = await post({ serviceId: 1 }, 'k-1');
    await post({ serviceId: 1 });
    t.clock.advance(3600_000);
    const again = await post({ serviceId: 1 }, 'k-1');
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(await ticketCount()).toBe(2);
  });

  it('the same key with a different body is 422 and issues nothing', async () => {
    await post({ serviceId: 1 }, 'k-2');
    const other = await post({ serviceId: 2 }, 'k-2');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ticketCount()).toBe(1);
  });

  it('different keys make different tickets; keys are per center; bad keys are 400', async () => {
    await post({ serviceId: 1 }, 'a');
    await post({ serviceId: 1 }, 'b');
    expect(await ticketCount()).toBe(2);
    expect((await post({ serviceId: 1 }, 'x'.repeat(256))).statusCode).toBe(400);
  });

  it('a refused request is not remembered: the key works once the cause is gone', async () => {
    await t.app.services.admin.updateService({ id: 1, username: 'admin', name: 'a', role: 'admin', active: true }, 1, { active: false });
    expect((await post({ serviceId: 1 }, 'k-3')).statusCode).toBe(409);
    await t.app.services.admin.updateService({ id: 1, username: 'admin', name: 'a', role: 'admin', active: true }, 1, { active: true });
    expect((await post({ serviceId: 1 }, 'k-3')).statusCode).toBe(201);
  });
});
