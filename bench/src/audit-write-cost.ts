/**
 * What one audit write costs: N appends through the server's own insertAudit, each in its own transaction
 * (as a service does it), on a fresh migrated database. Prints µs per write. Run before and after a change to
 * the audit log (the hash chain, 2026-11-23-0012):
 *   node --import tsx bench/src/audit-write-cost.ts [N]                      (PGlite in memory)
 *   DATABASE_URL=postgres://… node --import tsx bench/src/audit-write-cost.ts [N]   (an empty database)
 * With DATABASE_URL it also runs 4 concurrent writers into one district, where the chain serialises appends.
 */
import { sql } from 'kysely';
import { createDb } from '../../server/src/db/create-db.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertAudit } from '../../server/src/platform/audit.repository.ts';

const n = Number(process.argv[2] ?? 2000);
const url = process.env.DATABASE_URL;
const handle = await createDb(url ? { databaseUrl: url, poolSize: 8 } : { dataDir: 'memory://' });
await migrateToLatest(handle.db);
const db = handle.db;

const entry = (i: number) => ({
  districtId: 1,
  actorId: 42,
  action: 'requests.accept',
  targetType: 'request',
  targetId: i,
  result: 'ok' as const,
  ip: '127.0.0.1',
  detail: { routeTo: 'property', note: '物业维修 lift repair', i },
});

async function run(label: string, writers: number): Promise<void> {
  const per = Math.floor(n / writers);
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < per; i++) await db.transaction().execute((trx) => insertAudit(trx, entry(w * per + i)));
    }),
  );
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  console.log(`${label}: ${per * writers} writes, ${(us / (per * writers)).toFixed(0)} µs per write (wall), ${((per * writers) / (us / 1e6)).toFixed(0)} writes/s`);
}

/**
 * The chain's own cost, A/B: rounds of 300 one-row transactions with the chaining trigger on, then off (chain
 * columns given as constants, seq far past the chain), interleaved so the machine's noise hits both alike;
 * synchronous_commit off on PostgreSQL so the commit flush does not drown the difference. Medians of 5 rounds.
 */
async function chainAB(): Promise<void> {
  const hasChain = (await sql<{ n: number }>`select count(*)::int as n from pg_trigger where tgname = 'audit_log_chain'`.execute(db)).rows[0]!.n > 0;
  if (!hasChain) return;
  const one = url ? await createDb({ databaseUrl: url, poolSize: 1 }) : handle;
  if (url) await sql`set synchronous_commit = off`.execute(one.db);
  const round = async (chained: boolean) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 300; i++) {
      await (chained
        ? sql`insert into audit_log (district_id, actor_id, action, target_type, target_id, result, ip, detail) values (1, 42, 'requests.accept', 'request', ${String(i)}, 'ok', '127.0.0.1', ${JSON.stringify({ routeTo: 'property', i })}::jsonb)`
        : sql`insert into audit_log (district_id, actor_id, action, target_type, target_id, result, ip, detail, seq, prev_hash, hash) values (1, 42, 'requests.accept', 'request', ${String(i)}, 'ok', '127.0.0.1', ${JSON.stringify({ routeTo: 'property', i })}::jsonb, 1000000000 + (random() * 1e9)::bigint, 'x', 'x')`
      ).execute(one.db);
    }
    return Number(process.hrtime.bigint() - t0) / 1000 / 300;
  };
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < 5; r++) {
    on.push(await round(true));
    await sql`alter table audit_log disable trigger audit_log_chain`.execute(one.db);
    off.push(await round(false));
    await sql`alter table audit_log enable trigger audit_log_chain`.execute(one.db);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!.toFixed(0);
  console.log(`one-row inserts, A/B median of 5×300: chained ${median(on)} µs, trigger off ${median(off)} µs`);
  if (url) await one.db.destroy();
}

await run(`${url ? 'PostgreSQL' : 'PGlite'} warm-up`, 1);
await run(`${url ? 'PostgreSQL' : 'PGlite'} 1 writer`, 1);
if (url) await run('PostgreSQL 4 writers, one district', 4);
await chainAB();
await db.destroy();
