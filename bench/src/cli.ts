import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo, textTable, withRatios, writeSection, type BenchOptions, type BenchReport, type DbKind } from './report.ts';
import { runPlaces } from './scenarios/places.ts';
import { runRequests } from './scenarios/requests.ts';
import { runKillRestart } from './scenarios/kill-restart.ts';
import { runStore } from './scenarios/store.ts';
import { runCockpit } from './scenarios/cockpit.ts';
import { runFanout } from './scenarios/fanout.ts';
import { FAULTS, runFault } from './scenarios/faults/index.ts';
import { runMixes } from './scenarios/mixes.ts';
import { runCleanups } from './lib/processes.ts';
import { repoRoot } from './lib/server-deps.ts';
import { defaultDataDir, runGenerate } from './generate/index.ts';
import { checkTable, compareRatios, ratiosOf, readBaseline, writeBaseline } from './check.ts';

const HELP = `npm run bench -- <scenario> [options]

Scenarios:
  places      tree (GET /api/places/:id/children), profile (GET /api/places/:id) and search
              (GET /api/places/search?q=) as a street admin, beside the node:http, Fastify and SQL ceilings
  requests    with --rows requests in the table: create (POST /api/me/requests as 16 bench residents, unique
              Idempotency-Keys) and the open queue by deadline (GET /api/requests?status=open&sort=deadline) as
              the street admin, a community worker and the commissioner, each beside the same SQL run directly
              (create's also without pg_notify, to show what the notification costs)
  store       PostgreSQL only (--db postgres): redemptions (POST /api/store/listings/:id/redeem, unique
              Idempotency-Keys) by 64 bench residents on one hot item, then spread over 128 items of 32
              merchants, and GET /api/me/points; checks the ledger reconciles afterwards (--only hot,many,read)
  cockpit     GET /api/cockpit/summary as the district admin with the request table grown in steps
              (--rows 100000,1000000,10000000: totals filled in order; rollups rebuilt after each fill)
  fanout      PostgreSQL: --clients residents (default 5,000) hold GET /api/events/stream open; one transaction
              notifies them all, three times; delivery p50/p99 from before COMMIT, server RSS; beside node:http and
              Fastify SSE broadcasts to as many streams and the per-stream read through pg
  mix         with --rows requests in the table (default 300,000, a district): the resident mix (H5 home, my
              requests, wish wall, raise a request; 2,000 signed-in owners), the staff mix (queue with filters,
              request detail, accept and assign; every staff member of a street) and a voting burst (every owner
              of a compound on one open owners' vote, 10 % twice, 30 % change; ballots counted afterwards), each
              row beside the same endpoint's statements captured from the server and replayed directly
              (--only resident,staff,vote)
  check       runs --benches (default places) on --db (default postgres) briefly (default 2 s warm-up, 5 s
              measured per row), compares each ratio to its ceilings with bench/baseline.json and exits 1 when one
              dropped by more than --tolerance (default 0.2 = 20 %); --write-baseline stores today's ratios instead
  generate    synthetic data: --scale district (the demo district plus --requests requests over --years on PGlite,
              or --db postgres) or --scale city (PostgreSQL: 13 districts, 150 streets, 3,000 communities, 15,000
              compounds, 4M households and owners, --requests requests); --data-dir, --resume
  kill-restart  fault script: create requests at 16 callers, SIGKILL the server, restart it on the same data,
              check every acknowledged request survived and every Idempotency-Key maps to at most one request
              (exits 1 on loss)
  pg-restart  fault script, PostgreSQL: PostgreSQL stopped and started under a write load (requests and
              redemptions, retried with the same Idempotency-Key): no acknowledged write lost or doubled, no 500,
              /readyz unready then ready again by itself (--load-s, --down-s)
  two-instances  fault script, PostgreSQL: two servers on one database race on the SLA timers, one points ledger
              and one owners' vote: every timer effect once, no balance or stock below zero, one ballot per owner
  clock-jump  fault script, PostgreSQL: the server's clock (--test-clock) jumps forward past the SLA deadlines and
              back, twice: every escalation once, nothing fires again after a backward jump
  pool-exhaustion  fault script, PostgreSQL: a side transaction locks the requests table so every pooled
              connection waits: writes and /readyz answer 503 + Retry-After within a bound (never 500, never a
              hang); after the lock is released the same keys apply once each

Options:
  --db pglite|postgres|both   database(s) to run on (default both). PostgreSQL: BENCH_DATABASE_URL or
                              DATABASE_URL (an empty database, or one holding the demo district), else a
                              private server is started with initdb and removed at the end
  --duration S                measured seconds per row (default 15)
  --warmup S                  warm-up seconds per row, discarded (default 10)
  --connections N             concurrent keep-alive connections / SQL callers (default 64)
  --max-requests N            stop a row after N requests even before its time is up (default 2,000,000)
  --only a,b                  places: tree,profile,search; requests: create,queue (ceilings always run)
  --rows N                    requests: synthetic requests filled into the table first (default 1,000,000)
  --load-s S                  kill-restart: seconds of load before the SIGKILL (default 4); pg-restart:
                              seconds of load before the stop and after the start
  --down-s S                  pg-restart: seconds PostgreSQL stays down (default 4)
  --json                      print the report as JSON instead of a table
  --write                     update the scenario's section in docs/performance.md
  --no-analyze                skip the ANALYZE the bench runs after seeding (measures a database whose
                              planner has no statistics: PGlite as shipped, PostgreSQL before autovacuum)
  --keep                      keep the temporary directory (server logs, data dirs)
  --clients N                  fanout: connected SSE clients (default 5,000)
  --benches a,b               check: the benches to run (places, requests, store, mix; default places)
  --baseline FILE             check: the baseline file (default bench/baseline.json)
  --tolerance X               check: the largest drop of a ratio that passes (default 0.2 = 20 %)
  --write-baseline            check: write today's ratios as the baseline instead of comparing
  --scale district|city       generate: how much (district: PGlite by default; city: PostgreSQL only)
  --requests N                generate: requests to add (default 300,000 district, 10,000,000 city)
  --years N                   generate: the requests' history in years (default 3)
  --data-dir DIR              generate: where the data (PGlite, or a persistent PostgreSQL cluster when no
                              BENCH_DATABASE_URL is set) and the personal-data key live
                              (default $TMPDIR/gongzhi-generate-<scale>)
  --fill-only                 cockpit with --data-dir: fill the steps' databases and stop (a later run measures)
  --resume                    generate: continue in a data dir that holds a partly generated run`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    'max-requests': { type: 'string', default: '2000000' },
    only: { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    'load-s': { type: 'string', default: '4' },
    'down-s': { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-analyze': { type: 'boolean', default: false },
    benches: { type: 'string', default: 'places' },
    clients: { type: 'string', default: '5000' },
    baseline: { type: 'string' },
    tolerance: { type: 'string', default: '0.2' },
    'write-baseline': { type: 'boolean', default: false },
    scale: { type: 'string' },
    requests: { type: 'string' },
    years: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
    resume: { type: 'boolean', default: false },
    'fill-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

function positive(name: string, v: string, allowZero = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${v}`);
  return n;
}

async function main(): Promise<number> {
  const [scenario] = positionals;
  if (!scenario || values.help) {
    console.log(HELP);
    return scenario || values.help ? 0 : 1;
  }
  if (scenario === 'check') return runCheck();
  if (scenario === 'generate') return generate();
  if ((FAULTS as readonly string[]).includes(scenario)) {
    if (given('db') && values.db !== 'postgres') throw new Error(`${scenario} runs on PostgreSQL only (--db postgres)`);
    return runFault(scenario as (typeof FAULTS)[number], { loadS: positive('load-s', values['load-s']), downS: positive('down-s', values['down-s']), keep: values.keep }, (line) => process.stderr.write(`  … ${line}\n`));
  }
  if (!['places', 'requests', 'kill-restart', 'store', 'cockpit', 'fanout', 'mix'].includes(scenario)) {
    console.error(`unknown scenario: ${scenario}\n\n${HELP}`);
    return 1;
  }
  if (scenario === 'kill-restart') {
    if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error('kill-restart needs --db pglite or --db postgres');
    return runKillRestart({ db: values.db, loadS: positive('load-s', values['load-s']), keep: values.keep }, (line) => process.stderr.write(`  … ${line}\n`));
  }
  const dbs: DbKind[] = values.db === 'both' ? ['pglite', 'postgres'] : values.db === 'pglite' || values.db === 'postgres' ? [values.db] : [];
  if (dbs.length === 0) throw new Error(`--db must be pglite, postgres or both, got ${values.db}`);
  const options: BenchOptions = {
    dbs,
    durationS: positive('duration', values.duration),
    warmupS: positive('warmup', values.warmup, true),
    connections: Math.round(positive('connections', values.connections)),
    maxRequests: Math.round(positive('max-requests', values['max-requests'])),
    only: (values.only ?? (scenario === 'places' ? 'tree,profile,search' : scenario === 'store' ? 'hot,many,read' : scenario === 'mix' ? 'resident,staff,vote' : 'create,queue')).split(',').map((s) => s.trim()),
    keep: values.keep,
    analyze: !values['no-analyze'],
  };
  const log = (line: string) => process.stderr.write(`  … ${line}\n`);
  const machine = machineInfo();
  const load0 = os.loadavg()[0]!;
  const fillRows = scenario === 'cockpit' ? 0 : Math.round(positive('rows', scenario === 'mix' && !given('rows') ? '300000' : values.rows, true));
  const info: Record<string, string> = {};
  const steps = scenario === 'cockpit' ? values.rows.split(',').map((v) => Math.round(positive('rows', v.trim()))).sort((a, b) => a - b) : [];
  const rows = scenario === 'fanout' ? await runFanout({ ...options, clients: Math.round(positive('clients', values.clients)) }, log, info) : scenario === 'cockpit' ? await runCockpit({ ...options, steps, dataDir: values['data-dir'], fillOnly: values['fill-only'] }, log, info) : scenario === 'places' ? await runPlaces(options, log, machine) : scenario === 'store' ? await runStore(options, log, info) : scenario === 'mix' ? await runMixes({ ...options, rows: fillRows }, log, info) : await runRequests({ ...options, rows: fillRows }, log, info);
  if (info.postgres) machine.postgres = info.postgres;
  machine.load = `1-min load average ${load0.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`;
  const argv = process.argv.slice(2).filter((a) => a !== '--write' && a !== '--json');
  const report: BenchReport = {
    scenario,
    section:
      (options.analyze ? scenario : `${scenario}-no-analyze`) +
      (scenario === 'requests' || scenario === 'mix' ? `-${fillRows}` : '') +
      (scenario === 'cockpit' ? `-${steps.join('-')}` : '') +
      (values.only ? `-${options.only.join('-')}` : '') +
      (values.db !== 'both' ? `-${values.db}` : ''),
    date: new Date().toISOString().slice(0, 10),
    command: `npm run bench -- ${argv.join(' ')}`,
    machine,
    options,
    rows: withRatios(rows),
    notes: Object.entries(info).filter(([k]) => k !== 'postgres').map(([k, v]) => `${k}: ${v}`),
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(`\n${textTable(report)}\n${(report.notes ?? []).map((n) => `  ${n}\n`).join('')}`);
  for (const r of rows) if (r.result.firstErrors.length > 0) log(`${r.db} ${r.scenario}: first errors: ${r.result.firstErrors.join('; ')}`);
  if (values.write) {
    const file = path.join(repoRoot, 'docs', 'performance.md');
    writeSection(file, report);
    log(`updated ${path.relative(repoRoot, file)}`);
  }
  return 0;
}

/** `generate`: fills a database with a district or a city and prints what each stage wrote and how fast. */
async function generate(): Promise<number> {
  const scale = values.scale;
  if (scale !== 'district' && scale !== 'city') throw new Error('generate needs --scale district or --scale city');
  const db = given('db') ? values.db : scale === 'city' ? 'postgres' : 'pglite';
  if (db !== 'pglite' && db !== 'postgres') throw new Error(`generate: --db must be pglite or postgres, got ${db}`);
  const requests = Math.round(positive('requests', values.requests ?? (scale === 'city' ? '10000000' : '300000'), true));
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir(scale));
  const t0 = Date.now();
  const load0 = os.loadavg()[0]!;
  const log = (line: string) => process.stderr.write(`  … ${line}\n`);
  const report = await runGenerate({ scale, db, requests, years: positive('years', values.years), resume: values.resume, dataDir }, log);
  const stages = report.stages.filter((s) => s.stage !== 'requests now');
  const total = stages.reduce((n, s) => n + s.rows, 0);
  console.log(`\ngenerated ${scale} on ${db} in ${((Date.now() - t0) / 1000).toFixed(0)} s (this run; 1-min load average ${load0.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end)`);
  console.log(stages.map((s) => `  ${s.stage.padEnd(24)} ${s.rows.toLocaleString('en-US').padStart(12)} rows  ${s.seconds.toFixed(1).padStart(8)} s`).join('\n'));
  console.log(`  ${'total'.padEnd(24)} ${total.toLocaleString('en-US').padStart(12)} rows (the requests stages count requests; their timelines come on top)`);
  console.log(`\ndata dir: ${report.dataDir}\npersonal-data key: GONGZHI_DATA_KEY=$(cat ${report.keyFile})${db === 'postgres' && !process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL ? `\nPostgreSQL cluster (stopped): ${path.join(report.dataDir, 'postgres', 'data')}` : ''}`);
  return 0;
}

/** Whether an option was given on the command line (parseArgs fills in the defaults otherwise). */
const given = (name: string) => process.argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));

/**
 * `check`: runs the chosen benches briefly, then compares every ratio to its ceilings with the committed
 * baseline. Ratios rather than req/s, so that a busy machine (which slows the ceilings too) is not a failure.
 */
async function runCheck(): Promise<number> {
  const db = given('db') ? values.db : 'postgres';
  const dbs: DbKind[] = db === 'both' ? ['pglite', 'postgres'] : db === 'pglite' || db === 'postgres' ? [db] : [];
  if (dbs.length === 0) throw new Error(`--db must be pglite, postgres or both, got ${db}`);
  const benches = values.benches.split(',').map((s) => s.trim());
  for (const b of benches) if (!['places', 'requests', 'store', 'mix'].includes(b)) throw new Error(`check: --benches takes places, requests, store and mix, got ${b}`);
  const tolerance = positive('tolerance', values.tolerance);
  const baselineFile = path.resolve(values.baseline ?? path.join(repoRoot, 'bench', 'baseline.json'));
  const base: BenchOptions = {
    dbs,
    durationS: positive('duration', given('duration') ? values.duration : '5'),
    warmupS: positive('warmup', given('warmup') ? values.warmup : '2', true),
    connections: Math.round(positive('connections', values.connections)),
    maxRequests: Math.round(positive('max-requests', values['max-requests'])),
    only: [],
    keep: values.keep,
    analyze: !values['no-analyze'],
  };
  const log = (line: string) => process.stderr.write(`  … ${line}\n`);
  const machine = machineInfo();
  const load0 = os.loadavg()[0]!;
  const reports: BenchReport[] = [];
  for (const bench of benches) {
    const info: Record<string, string> = {};
    const only = values.only ? values.only.split(',').map((s) => s.trim()) : bench === 'places' ? ['tree', 'profile', 'search'] : bench === 'store' ? ['hot', 'many', 'read'] : bench === 'mix' ? ['resident', 'staff', 'vote'] : ['create', 'queue'];
    const o = { ...base, only };
    // requests: a smaller fill by default, so that a check stays a few minutes long.
    const rows = bench === 'places' ? await runPlaces(o, log, info) : bench === 'store' ? await runStore(o, log, info) : bench === 'mix' ? await runMixes({ ...o, rows: Math.round(positive('rows', given('rows') ? values.rows : '100000', true)) }, log, info) : await runRequests({ ...o, rows: Math.round(positive('rows', given('rows') ? values.rows : '100000', true)) }, log, info);
    if (info.postgres) machine.postgres = info.postgres;
    const report: BenchReport = { scenario: bench, section: `check-${bench}`, date: new Date().toISOString().slice(0, 10), command: '', machine, options: o, rows: withRatios(rows) };
    console.log(`\n${bench}:\n${textTable(report)}`);
    reports.push(report);
  }
  machine.load = `1-min load average ${load0.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`;
  const today = ratiosOf(reports);
  const command = `npm run bench -- ${process.argv.slice(2).filter((a) => a !== '--write-baseline').join(' ')}`;
  if (values['write-baseline']) {
    writeBaseline(baselineFile, { date: new Date().toISOString(), command, machine, ratios: today });
    console.log(`\nwrote ${Object.keys(today).length} ratios to ${path.relative(process.cwd(), baselineFile)} (${machine.load})`);
    return 0;
  }
  const baseline = readBaseline(baselineFile);
  if (!baseline) {
    console.error(`\nno baseline at ${baselineFile}: run with --write-baseline first`);
    return 1;
  }
  const lines = compareRatios(baseline.ratios, today, tolerance);
  const regressed = lines.filter((l) => l.verdict === 'REGRESSED');
  console.log(`\nbaseline: ${baseline.date} (${baseline.machine.load ?? 'load not recorded'}); today: ${machine.load}\n`);
  console.log(checkTable(lines));
  console.log(regressed.length === 0 ? `\ncheck passed: no ratio dropped by more than ${(tolerance * 100).toFixed(0)} %` : `\ncheck FAILED: ${regressed.length} ratio(s) dropped by more than ${(tolerance * 100).toFixed(0)} %: ${regressed.map((l) => l.key).join(', ')}`);
  return regressed.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the servers this bench started\n`);
    runCleanups();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
