import { describe, expect, it } from 'vitest';
import {
  decideCounterDelete,
  decideGroupDelete,
  decideGroupOfService,
  decidePrefix,
  decideServiceDelete,
  decideSkills,
  decideUserChange,
} from '../../server/src/domain/hall-setup';

const code = (d: { ok: boolean; code?: string }) => (d.ok ? null : d.code);

describe('hall setup rules', () => {
  it('deletes only an empty group', () => {
    expect(code(decideGroupDelete(false))).toBeNull();
    expect(code(decideGroupDelete(true))).toBe('IN_USE');
  });

  it("a service's group must belong to its center; no group is fine", () => {
    expect(code(decideGroupOfService(undefined, null, 'isb-g9'))).toBeNull();
    expect(code(decideGroupOfService(undefined, undefined, 'isb-g9'))).toBeNull();
    expect(code(decideGroupOfService({ center_id: 'isb-g9' }, 4, 'isb-g9'))).toBeNull();
    expect(code(decideGroupOfService({ center_id: 'lhr-1' }, 4, 'isb-g9'))).toBe('SERVICE_GROUP_NOT_FOUND');
    expect(code(decideGroupOfService(undefined, 4, 'isb-g9'))).toBe('SERVICE_GROUP_NOT_FOUND');
  });

  it('a prefix is used by one service of a center, which may keep its own', () => {
    const services = [
      { id: 1, prefix: 'A' },
      { id: 2, prefix: 'B' },
    ];
    expect(code(decidePrefix(services, 'C'))).toBeNull();
    expect(code(decidePrefix(services, 'A'))).toBe('ALREADY_EXISTS');
    expect(code(decidePrefix(services, 'A', 1))).toBeNull();
    expect(code(decidePrefix(services, 'B', 1))).toBe('ALREADY_EXISTS');
  });

  it('refuses deleting a service people wait for, deactivates one with history, deletes an unused one', () => {
    expect(code(decideServiceDelete({ waiting: true, any: true }))).toBe('IN_USE');
    expect(decideServiceDelete({ waiting: false, any: true })).toEqual({ ok: true, action: 'deactivate' });
    expect(decideServiceDelete({ waiting: false, any: false })).toEqual({ ok: true, action: 'delete' });
  });

  it("a counter's skills are services of its center, each once", () => {
    const ids = new Set([1, 2, 3]);
    expect(code(decideSkills(ids, [{ serviceId: 1 }, { serviceId: 3 }]))).toBeNull();
    expect(code(decideSkills(ids, []))).toBeNull();
    expect(code(decideSkills(ids, [{ serviceId: 9 }]))).toBe('SERVICE_NOT_FOUND');
    expect(code(decideSkills(ids, [{ serviceId: 2 }, { serviceId: 2 }]))).toBe('VALIDATION_ERROR');
  });

  it('deletes only a closed counter that never served anyone', () => {
    expect(code(decideCounterDelete({ status: 'closed' }, false))).toBeNull();
    expect(code(decideCounterDelete({ status: 'closed' }, true))).toBe('IN_USE');
    expect(code(decideCounterDelete({ status: 'open' }, false))).toBe('IN_USE');
    expect(code(decideCounterDelete({ status: 'paused' }, false))).toBe('IN_USE');
  });

  it('an admin cannot deactivate or demote themselves, but may change others and their own name', () => {
    expect(code(decideUserChange(1, 1, { active: false }))).toBe('CONFLICT');
    expect(code(decideUserChange(1, 1, { role: 'supervisor' }))).toBe('CONFLICT');
    expect(code(decideUserChange(1, 1, { role: 'admin', active: true }))).toBeNull();
    expect(code(decideUserChange(1, 1, {}))).toBeNull();
    expect(code(decideUserChange(1, 2, { active: false, role: 'operator' }))).toBeNull();
  });
});
