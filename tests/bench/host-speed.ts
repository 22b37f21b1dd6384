/**
 * The host's speed at a moment, measured while nothing else of the benchmark runs: a fixed unit of CPU work of the
 * kind a server does (objects, JSON both ways, a map, a SHA-256), timed on each core, and the time a random read of
 * memory takes (a chase through 64 MiB, beyond the caches: what a neighbour on the same host slows first). `npm run
 * bench` measures both before each figure and at the end, and writes them beside the machine: the virtual machines
 * this runs on change speed by up to two times within an hour (docs/PERFORMANCE.md, the forty-fourth to forty-ninth
 * sessions), every raw baseline with them, and a run is only "quiet" if its slowest moment is near its fastest.
 * Lower is faster; comparable between runs of the same code and Node.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { cpus, pinSelf, quantile } from './support';

const services = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `Service ${i + 1} — computerised national identity card`, waiting: i * 3, open: i % 2 === 0 }));

/** One unit of work: 200 rounds of a centre's list to JSON and back, a map of it, and a hash of the text. */
function unit(): number {
  let sink = 0;
  for (let i = 0; i < 200; i++) {
    const text = JSON.stringify({ centerId: 'isb-g9', round: i, services });
    const back = JSON.parse(text) as { services: typeof services };
    const byName = new Map<string, number>();
    for (const s of back.services) byName.set(s.name, s.waiting + i);
    sink += byName.size + text.length + crypto.createHash('sha256').update(text).digest()[0]!;
  }
  return sink;
}

/** Milliseconds a unit takes on the current core: the median of `rounds`, after a warm-up. */
function timeUnit(rounds: number): number {
  for (let i = 0; i < 10; i++) unit();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    unit();
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}

/** One random cycle through 64 MiB (Sattolo's shuffle, a fixed seed): each read's address is the last read's value. */
let cycle: Int32Array | undefined;
function memoryCycle(): Int32Array {
  if (cycle) return cycle;
  const n = 16 * 1024 * 1024;
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = Math.floor((seed / 2 ** 32) * i);
    const t = next[i]!;
    next[i] = next[j]!;
    next[j] = t;
  }
  return (cycle = next);
}

/** Nanoseconds a random read of memory takes: the median of 5 chases of a million reads. */
function timeMemoryRead(): number {
  const next = memoryCycle();
  const chase = (steps: number) => {
    let p = 0;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) p = next[p]!;
    return { ns: ((performance.now() - t0) * 1e6) / steps, p };
  };
  chase(200_000);
  return quantile(
    Array.from({ length: 5 }, () => chase(1_000_000).ns),
    0.5,
  );
}

export interface HostSpeed {
  /** Milliseconds a unit of CPU work took on the server's core and on the load generator's. */
  server: number;
  load: number;
  /** Nanoseconds a random read of memory took (on the load generator's core). */
  memory: number;
}

/** Times the unit on the server's core, then on the load generator's, where this process stays pinned after (~2 s). */
export function measureHostSpeed(rounds = 40): HostSpeed {
  pinSelf(cpus.server);
  const server = timeUnit(rounds);
  pinSelf(cpus.load);
  return { server, load: timeUnit(rounds), memory: timeMemoryRead() };
}

/** One line for the report: each moment's CPU unit (both cores' mean) and memory read, and the slowest against the fastest. */
export function summariseHostSpeed(points: { label: string; speed: HostSpeed }[]): string {
  const cpu = points.map((p) => (p.speed.server + p.speed.load) / 2);
  const memory = points.map((p) => p.speed.memory);
  const spread = (values: number[]) => `${(Math.max(...values) / Math.min(...values)).toFixed(2)}×`;
  const each = points.map((p, i) => `${p.label} ${cpu[i]!.toFixed(2)} ms / ${memory[i]!.toFixed(0)} ns`).join(', ');
  return `Host speed (a fixed unit of CPU work / a random read of memory, lower is faster: ${each}): the slowest moment ${spread(cpu)} the fastest for the CPU, ${spread(memory)} for memory`;
}
