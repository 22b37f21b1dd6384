/**
 * Dev tool: what a V8 CPU profile of a Navbat process spent its time on, by where the code lives. Frames of the built
 * server (`server/dist`, with its source maps) and of bundles made by `bundled.ts` are named by their source file
 * (`server/src/…`, a package under `node_modules`); Node's own by module. Idle samples are left out of the shares.
 *   node --import tsx tests/bench/profile-summary.ts <file.cpuprofile> [--by file|function] [--top n] [--callers <regexp>]
 * `--by file` (the default) sums self time by source file or package; `--by function` lists functions by self time,
 * then by time including what they call; `--callers` lists the call paths (four frames up) into the matching functions.
 * Profiles come from `BENCH_PROFILE=<dir>` (every Navbat process of a figure, `tests/bench/support.ts`) or `node
 * --cpu-prof` on a bundle of `bundled.ts` (`node_modules/.cache/navbat-bundled/`).
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from './support';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { by: { type: 'string', default: 'file' }, top: { type: 'string', default: '40' }, callers: { type: 'string' } } });
const file = positionals[0];
if (!file || (values.by !== 'file' && values.by !== 'function')) {
  throw new Error('usage: profile-summary.ts <file.cpuprofile> [--by file|function] [--top n] [--callers <regexp>]');
}
const top = Number(values.top);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

/** What a frame's place in a script says of its source: `SourceMap`'s `findEntry`, or a bundle's module comments. */
interface SourceFinder {
  findEntry(line: number, column: number): { originalSource?: string; originalLine?: number };
}

/**
 * Where a frame's code comes from: a source map's original file when its script has one (built or bundled), with
 * the directory its relative sources are from.
 */
const maps = new Map<string, { map: SourceFinder; dir: string } | null>();
function sourceMapOf(url: string): { map: SourceFinder; dir: string } | null {
  if (!url.startsWith('file://')) return null;
  let found = maps.get(url);
  if (found === undefined) {
    const script = fileURLToPath(url);
    found = null;
    if (fs.existsSync(`${script}.map`)) {
      const payload = JSON.parse(fs.readFileSync(`${script}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0];
      found = { map: new SourceMap(payload), dir: path.dirname(script) };
    } else if (script.includes('navbat-bundled')) found = { map: bundleComments(script), dir: repoRoot };
    maps.set(url, found);
  }
  return found;
}

/** A bundle of `bundled.ts` has no source map, but esbuild heads each module's code with a `// <path>` comment. */
function bundleComments(script: string): SourceFinder {
  const starts: { line: number; source: string }[] = [];
  fs.readFileSync(script, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const m = /^\/\/ (\S+)$/.exec(text);
      if (m) starts.push({ line, source: m[1]! });
    });
  const findEntry = (line: number): { originalSource?: string } => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]!.line <= line) lo = mid;
      else hi = mid - 1;
    }
    const start = starts[lo];
    // The module's line is not the source's (esbuild strips types): frames say the bundle's line instead.
    return start && start.line <= line ? { originalSource: start.source } : {};
  };
  return { findEntry };
}

const packageOf = (source: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];

function place(node: ProfileNode): { file: string; at: string } {
  const { url, lineNumber, columnNumber, functionName } = node.callFrame;
  if (!url) return { file: functionName, at: '' };
  const mapped = sourceMapOf(url);
  const entry = mapped?.map.findEntry(lineNumber, columnNumber);
  let source = entry?.originalSource ?? url;
  if (source.startsWith('file://')) source = fileURLToPath(source);
  // The repository's files by their path in it (`server/src/…`, `node_modules/…`); Node's own as it names them.
  if (mapped && !source.startsWith('node:')) source = path.relative(repoRoot, path.resolve(mapped.dir, source));
  else if (path.isAbsolute(source)) source = path.relative(repoRoot, source);
  const pkg = packageOf(source);
  const line = entry?.originalLine !== undefined ? `:${entry.originalLine + 1}` : mapped ? ` (bundle line ${lineNumber + 1})` : `:${lineNumber + 1}`;
  return { file: pkg ? `package ${pkg}` : source, at: `${source}${line}` };
}

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const names = new Map<number, { file: string; fn: string }>();
const nameOf = (id: number) => {
  let name = names.get(id);
  if (!name) {
    const node = nodes.get(id)!;
    const { file, at } = place(node);
    names.set(id, (name = { file, fn: `${node.callFrame.functionName || '(anonymous)'} ${at}`.trim() }));
  }
  return name;
};

const isIdle = (id: number) => nodes.get(id)!.callFrame.functionName === '(idle)';
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const idleUs = [...selfUs].filter(([id]) => isIdle(id)).reduce((a, [, us]) => a + us, 0);
const totalUs = [...selfUs.values()].reduce((a, us) => a + us, 0);
const busyUs = totalUs - idleUs;
const share = (us: number) => `${((100 * us) / busyUs).toFixed(2).padStart(6)} %`;
const print = (title: string, sums: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${share(us)}  ${key}`);
};
const add = (sums: Map<string, number>, key: string, us: number) => sums.set(key, (sums.get(key) ?? 0) + us);

console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled, ${(busyUs / 1000).toFixed(0)} ms busy (shares below are of the busy time)`);
const bySelf = new Map<string, number>();
const byTotal = new Map<string, number>();
for (const [id, us] of selfUs) {
  if (isIdle(id)) continue;
  add(bySelf, values.by === 'file' ? nameOf(id).file : nameOf(id).fn, us);
  if (values.by !== 'function') continue;
  // A function counts once per sample however deep it recurses.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const fn = nameOf(at).fn;
    if (!seen.has(fn)) add(byTotal, fn, us);
    seen.add(fn);
  }
}
print(values.by === 'file' ? 'self time by source file or package' : 'self time by function', bySelf);
if (values.by === 'function') print('time including callees, by function', byTotal);

if (values.callers) {
  const pattern = new RegExp(values.callers);
  const subtreeUs = new Map<number, number>();
  for (const [id, us] of selfUs) for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) subtreeUs.set(at, (subtreeUs.get(at) ?? 0) + us);
  const paths = new Map<string, number>();
  for (const node of profile.nodes) {
    if (!pattern.test(nameOf(node.id).fn)) continue;
    // The outermost match of a path only, so that recursion is not counted twice.
    let outer = true;
    for (let at = parent.get(node.id); at !== undefined && outer; at = parent.get(at)) outer = !pattern.test(nameOf(at).fn);
    if (!outer) continue;
    const up: string[] = [];
    for (let at = parent.get(node.id); at !== undefined && up.length < 4; at = parent.get(at)) up.push(nameOf(at).fn);
    add(paths, `${nameOf(node.id).fn}  ⟵  ${up.join('  ⟵  ')}`, subtreeUs.get(node.id) ?? 0);
  }
  print(`call paths into /${values.callers}/ (time including callees)`, paths);
}
