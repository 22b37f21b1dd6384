/**
 * Dev tool: which tables and indexes a ticket's lifecycle writes to the WAL, page by page. Every commit writes each
 * page it changed whole (a 4 KiB frame and its 24-byte header, two `pwrite`s), so the frames a command costs are its
 * share of the disk and of the kernel's time (docs/PERFORMANCE.md, twenty-fifth session).
 *   node --import tsx tests/bench/wal-pages.ts [lifecycles] [counters]
 * `counters` counters work at once (call, start, complete), after all the tickets were issued `counters` at a time,
 * so commands share commit groups as in figure 3. Checkpoints are off, so the WAL keeps every frame; the pages are
 * named from `dbstat` at the end of each phase. The outbox dispatcher makes a pass every 50 ms, as in the server.
 * Prints WAL frames per ticket by table or index, and the commits.
 */
import fs from 'node:fs';
import { demoAppInProcess, demoWorkers, issueDemoTickets, serveEveryTicket } from './in-process';

const n = Number(process.argv[2] ?? 400);
const atOnce = Number(process.argv[3] ?? 10);
const { app, database, file, dispose } = await demoAppInProcess('wal-pages', { backgroundCheckpoints: false });
const sqlite = database.sqlite!;
sqlite.pragma('wal_autocheckpoint = 0');

const workers = await demoWorkers(app, atOnce);

sqlite.pragma('wal_checkpoint(TRUNCATE)');
// The outbox's dispatcher as the server runs it: a pass at most every 50 ms (`minPassGapMs`) while commands commit.
const passes = setInterval(() => void app.outbox.runOnce(), 50);
const walFile = `${file}-wal`;
await issueDemoTickets(app, n, atOnce, 'w');
const afterIssue = fs.statSync(walFile).size;
// Pages are named by the table or index that owns them when their phase ends: serving frees pages (the waiting line's
// indexes shrink) that the outbox and the audit trail then reuse, so naming the issue's frames by the owners at the
// very end misnamed them (3,000 issues 30 at a time: the outbox 0.94 frames an issue that way, 0.23 by the owners
// when issuing ended, the rest the line's two indexes; forty-fifth session). A page freed and reused within one
// phase is still named by its last owner.
const ownersNow = () => new Map((sqlite.prepare('select name, pageno from dbstat').all() as { name: string; pageno: number }[]).map((r) => [r.pageno, r.name]));
const issueOwners = ownersNow();
const served = await serveEveryTicket(app, workers);

clearInterval(passes);
await app.outbox.runOnce();

// The WAL: a 32-byte header, then frames of a 24-byte header (page number, and the database's size in pages on a
// commit's last frame) and the page.
const wal = fs.readFileSync(walFile);
const pageSize = wal.readUInt32BE(8);
const frames: { page: number; commit: boolean; at: number }[] = [];
for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) frames.push({ page: wal.readUInt32BE(at), commit: wal.readUInt32BE(at + 4) !== 0, at });
const serveOwners = ownersNow();
const tally = (part: typeof frames, owner: Map<number, string>) => {
  const by = new Map<string, number>();
  for (const f of part) {
    const name = owner.get(f.page) ?? '(free or new)';
    by.set(name, (by.get(name) ?? 0) + 1);
  }
  return by;
};
const report = (label: string, part: typeof frames, per: number, owner: Map<number, string>) => {
  const commits = part.filter((f) => f.commit).length;
  console.log(`${label}: ${(part.length / per).toFixed(2)} frames (${((part.length * (pageSize + 24)) / per / 1024).toFixed(1)} KiB) each, ${commits} commits (${(part.length / Math.max(1, commits)).toFixed(1)} frames a commit)`);
  for (const [name, count] of [...tally(part, owner)].sort((a, b) => b[1] - a[1])) console.log(`  ${(count / per).toFixed(2).padStart(7)}  ${name}`);
};
const issueFrames = frames.filter((f) => f.at < afterIssue);
report(`issue (${n} tickets, ${atOnce} at a time)`, issueFrames, n, issueOwners);
report(`call, start, complete (${served} lifecycles, ${atOnce} counters)`, frames.slice(issueFrames.length), served, serveOwners);
const rowBytes = (table: 'outbox_events' | 'ticket_events') => Number((sqlite.prepare(`select avg(length(data)) as bytes from ${table}`).get() as { bytes: number }).bytes).toFixed(0);
console.log(`an outbox row's data: ${rowBytes('outbox_events')} bytes on average; an audit row's: ${rowBytes('ticket_events')}`);
await dispose();
