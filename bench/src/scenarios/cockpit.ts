import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareGet } from '../lib/http-load.ts';
import { spawnLogged, tail } from '../lib/processes.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import { repoRoot } from '../lib/server-deps.ts';
import { pgClient, pgliteClient, type SqlClient } from '../lib/sql-client.ts';
import type { BenchOptions, BenchRow, DbKind } from '../report.ts';
import { CompiledQuery } from 'kysely';
import { createDb } from '../../../server/src/db/create-db.ts';
import { summarySql } from '../../../server/src/modules/cockpit/cockpit.repository.ts';
import { SERIES } from '../../../server/src/modules/cockpit/cockpit.service.ts';
import { addDays, beijingDay } from '../../../server/src/modules/cockpit/days.ts';
import { httpCeilings, httpRun, measure, newPool, prepareDatabase, serverEnv, startServer } from './places.ts';
import { fillRequests } from './requests-fill.ts';
import { signIn } from './requests.ts';

/**
 * `cockpit`: GET /api/cockpit/summary as the district admin (the whole district, its streets, 30 days and the 30
 * before) with the request table grown step by step (`--rows 100000,1000000,…`: the totals, filled in order). After
 * each fill `gongzhi cockpit rebuild` recomputes the rollups from the sources, then the server answers the summary
 * from the rollups only, so its latency should not follow the table's size.
 */
type Log = (line: string) => void;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the summary's statement exactly as the server builds it (cockpit.repository.ts),
 * for the district over the server's default period (the last 30 days and the 30 before).
 */
async function explainSummary(url: string): Promise<string> {
  const h = await createDb({ databaseUrl: url, poolSize: 1 });
  try {
    const place = await h.db.selectFrom('places').select('id').where('kind', '=', 'district').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const to = beijingDay(new Date());
    const from = addDays(to, -29);
    const q = summarySql(place.id, { from, to, prevFrom: addDays(from, -30), prevTo: addDays(from, -1) }, SERIES).compile(h.db);
    const { rows } = await h.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]));
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await h.db.destroy();
  }
}
const DISTRICT_ADMIN = { phone: '13800000001', password: 'Gongzhi@2026' };

async function rebuild(tmp: string, db: DbKind, dataDir: string, url: string | undefined, log: Log): Promise<number> {
  const t0 = Date.now();
  const p = spawnLogged(process.execPath, [path.join(repoRoot, 'server/bin/gongzhi.mjs'), 'cockpit', 'rebuild'], { cwd: repoRoot, env: serverEnv(dataDir, url), logFile: path.join(tmp, `rebuild-${db}.log`) });
  const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
  await p.stop();
  if (code !== 0) throw new Error(`gongzhi cockpit rebuild failed (${code}):\n${tail(p.logFile)}`);
  const s = (Date.now() - t0) / 1000;
  log(`${tail(p.logFile, 2).trim()} (${s.toFixed(1)} s)`);
  return s;
}

export async function runCockpit(o: BenchOptions & { steps: number[] }, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-cockpit-'));
  const explains: string[] = [];
  try {
    // What plain node:http and Fastify answer on this machine in the same run (the load is shared with others).
    rows.push(...(await httpCeilings(o, tmp, log)));
    for (const db of o.dbs) {
      let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
      let url: string | undefined;
      if (db === 'postgres') {
        url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
        if (!url) {
          privatePg = await startPrivatePostgres(log);
          url = privatePg.url;
          info.postgres = privatePg.version;
        }
      }
      const dataDir = fs.mkdtempSync(path.join(tmp, `data-${db}-`));
      try {
        await prepareDatabase(tmp, db, dataDir, url, o.analyze, log);
        let filled = 0;
        for (const total of o.steps) {
          const c: SqlClient = url ? pgClient(newPool(url)) : await pgliteClient(dataDir);
          try {
            const have = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
            if (total > have) await fillRequests(c, total - have, log);
            if (o.analyze) await c.query('analyze');
            filled = (await c.query<{ n: number }>('select count(*)::int as n from requests')).rows[0]!.n;
            const ev = (await c.query<{ n: number }>('select count(*)::int as n from request_events')).rows[0]!.n;
            info[`${db} ${filled}`] = `${filled.toLocaleString('en-US')} requests, ${ev.toLocaleString('en-US')} timeline events`;
          } finally {
            await c.close();
          }
          const rebuildS = await rebuild(tmp, db, dataDir, url, log);
          info[`${db} ${filled}`] += `; rollups rebuilt in ${rebuildS.toFixed(0)} s`;
          // As served (each instance keeps a summary it computed until the next rollup run, ≤ 10 s), then with that
          // cache off, so every request runs the summary's statements: the second row is what the table's size could
          // change.
          for (const cached of [true, false]) {
            const before = process.env.GONGZHI_COCKPIT_CACHE_MS;
            if (!cached) process.env.GONGZHI_COCKPIT_CACHE_MS = '0';
            let server: Awaited<ReturnType<typeof startServer>>;
            try {
              server = await startServer(tmp, db, dataDir, url, log);
            } finally {
              if (before === undefined) delete process.env.GONGZHI_COCKPIT_CACHE_MS;
              else process.env.GONGZHI_COCKPIT_CACHE_MS = before;
            }
            try {
              const s = await signIn(server.target, DISTRICT_ADMIN);
              const req = prepareGet(server.target, '/api/cockpit/summary', { Cookie: `gz_session=${s.cookie}` });
              const name = `summary${cached ? '' : ' (no cache)'}, ${filled.toLocaleString('en-US')} requests`;
              log(`${db}: ${name}`);
              const m = await measure(o, server.proc.child.pid, httpRun(o, server.target, () => req));
              rows.push({ db, scenario: name, kind: 'scenario', ...m });
              // Each step's figures as they come (a long run may be stopped before its final table).
              log(`${db}: ${name}: ${m.result.rps.toFixed(0)} req/s, p50 ${m.result.p50.toFixed(1)} ms, p99 ${m.result.p99.toFixed(1)} ms, ${m.result.errors} errors; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
            } finally {
              await server.proc.stop();
            }
          }
          if (url) explains.push(`# ${db}, ${filled.toLocaleString('en-US')} requests: the summary's statement`, await explainSummary(url));
        }
        for (const variant of ['summary,', 'summary (no cache),']) {
          const mine = rows.filter((r) => r.db === db && r.scenario.startsWith(variant));
          if (mine.length > 1) info[`${db} ${variant.slice(0, -1)} p99 ratio`] = `${(mine[mine.length - 1]!.result.p99 / mine[0]!.result.p99).toFixed(2)}× from the smallest to the largest table`;
        }
      } finally {
        await privatePg?.stop();
      }
    }
    if (explains.length) {
      const file = path.join(os.tmpdir(), `gongzhi-bench-cockpit-explain-${o.steps.join('-')}.txt`);
      fs.writeFileSync(file, `${explains.join('\n\n')}\n`);
      log(`EXPLAIN ANALYZE of the summary written to ${file}`);
    }
    return rows;
  } finally {
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}
