import type { FastifyReply } from 'fastify';

// What kiosks, phones and displays poll is served from the last answer while nothing changed
// (services/read-cache.ts): the same object again. Its JSON is made once, by the route's own serializer
// (the contract's response schema), and sent as is to every poll that gets the same object.
const bodies = new WeakMap<object, string>();

/** Sends `value` as JSON, serialized once per object by the route's response schema. */
export function sendSerializedOnce(reply: FastifyReply, value: object): FastifyReply {
  let body = bodies.get(value);
  if (body === undefined) {
    body = reply.serialize(value) as string;
    bodies.set(value, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
}
