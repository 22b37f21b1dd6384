import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { staffClient } from './test-app';

/** Makes service 1 bookable: 30-minute slots of `capacity` seats. */
export async function enableBooking(app: FastifyInstance, capacity = 2, center: Record<string, unknown> = {}) {
  const admin = await staffClient(app, 'admin');
  expect((await admin('PATCH', '/api/v1/admin/services/1', { booking: { slotMinutes: 30, capacity } })).status).toBe(200);
  if (Object.keys(center).length > 0) expect((await admin('PATCH', '/api/v1/admin/centers/isb-g9', center)).status).toBe(200);
  return admin;
}

