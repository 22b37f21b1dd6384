import fc from 'fast-check';

/** One step of a random day in the hall, for the property tests (the domain's and the real app's). */
export type HallCommand =
  | { kind: 'issue'; serviceId: number; priority: boolean }
  | { kind: 'callNext' | 'start' | 'complete' | 'noShow'; counter: number }
  | { kind: 'cancel'; pick: number };

/** Random hall commands: services `1..services`, counters `counters.min..counters.max`; mostly issues and calls. */
export function hallCommands(services: number, counters: { min: number; max: number }): fc.Arbitrary<HallCommand> {
  const counter = fc.integer(counters);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('issue' as const), serviceId: fc.integer({ min: 1, max: services }), priority: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('callNext' as const), counter }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('start' as const), counter }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), counter }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('noShow' as const), counter }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  );
}
