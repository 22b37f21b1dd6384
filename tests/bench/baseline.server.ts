/**
 * The raw SQLite baseline, run as its own process like the real server: one prepared better-sqlite3
 * insert per ticket (same journal and synchronous settings as Navbat) behind bare Fastify, and bare
 * Socket.IO broadcasting after one SQLite commit (tests/bench/baseline-app.ts).
 */
import SQLite from 'better-sqlite3';
import { serveBaseline } from './baseline-app';

const file = process.env.DATABASE_FILE ?? ':memory:';
const synchronous = process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL';

const sqlite = new SQLite(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma(`synchronous = ${synchronous}`);
sqlite.exec(`create table if not exists tickets (
  id integer primary key autoincrement, public_id text not null unique, service_id integer not null,
  priority text not null, status text not null, issued_at text not null)`);
const insert = sqlite.prepare('insert into tickets (public_id, service_id, priority, status, issued_at) values (?, ?, ?, ?, ?) returning id');
const setStatus = sqlite.prepare('update tickets set status = ? where id = ?');

await serveBaseline({
  insert: (publicId, serviceId, priority, status, at) => (insert.get(publicId, serviceId, priority, status, at) as { id: number }).id,
  setStatus: (id, status) => {
    setStatus.run(status, id);
  },
  close: () => {
    sqlite.close();
  },
});
