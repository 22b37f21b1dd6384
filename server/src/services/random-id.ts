import crypto from 'node:crypto';

// Public ids (tickets, appointments, messages, webhook deliveries): 16 random bytes, base64url. Taken from a pool
// filled 256 ids at a time, as Node's own `randomUUID` does: one call into the random source per id cost ~1 % of an
// issue (docs/PERFORMANCE.md, sixteenth session). Not for secrets (session tokens, webhook secrets, passwords):
// those call `crypto.randomBytes` themselves.

const idBytes = 16;
const pool = Buffer.alloc(idBytes * 256);
let taken = pool.length;

/** A new random public id: 22 base64url characters (128 bits). */
export function randomId(): string {
  if (taken === pool.length) {
    crypto.randomFillSync(pool);
    taken = 0;
  }
  const id = pool.toString('base64url', taken, taken + idBytes);
  taken += idBytes;
  return id;
}
