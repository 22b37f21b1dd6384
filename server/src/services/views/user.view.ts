import type { User } from '@navbat/shared';
import type { UserRow } from '../../db/schema';
import { bool } from '../../db/json';

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, name: row.name, role: row.role, active: bool(row.active) };
}
