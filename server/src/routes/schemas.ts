import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { apiErrorSchema } from '@navbat/shared';

/** Error answers every route may give, for the OpenAPI document. */
export const publicErrors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema };
export const staffErrors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
/** OpenAPI `security` of staff routes (the session cookie) and of routes open to anyone. */
export const staffSecurity = [{ session: [] as string[] }];
export const publicSecurity: { session: string[] }[] = [];
export const noContent = { 204: z.null().describe('nothing to return') };

/** Route config that limits a route to `max` requests per client and minute (0 = no limit). */
export function perMinute(max: number) {
  return { rateLimit: max > 0 ? { max, timeWindow: 60_000 } : (false as const) };
}

/** A CSV answer's body; `contentMediaType` makes the OpenAPI document say text/csv rather than JSON. */
export const csvBody = (description: string) => z.string().meta({ description, contentMediaType: 'text/csv' });

/** Sends a CSV export of a range of days as a download named `<what>-<centre>-<from>-<to>.csv`. */
export function sendCsv(reply: FastifyReply, what: string, centerId: string, range: { from?: string | undefined; to?: string | undefined }, csv: string) {
  const name = `${what}-${centerId}-${range.from ?? 'today'}-${range.to ?? range.from ?? 'today'}.csv`;
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
}
