import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createPersonalDataCipher } from './platform/personal-data.ts';
import { sortedJson } from './platform/sorted-json.ts';
import { openRuntime } from './runtime.ts';
import { createAdmin } from './cli/create-admin.ts';
import { createDistrict } from './cli/create-district.ts';
import { describeImport, importPlacesFromFile, writePlacesTemplate } from './cli/import-places.ts';
import { open311KeysCommand } from './cli/open311-keys.ts';
import { auditVerifyCommand } from './cli/audit-verify.ts';
import { backupDatabase, checkIntegrity, describeIntegrity, restorePglite, restorePostgres } from './cli/backup.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, SEED_STEPS, databaseIsEmpty, seedDemo } from './seed/demo.ts';
import { progressBar } from './cli/progress.ts';
import { cockpitCommand } from './cli/cockpit.ts';
import { ledgerExportCommand } from './cli/ledger-export.ts';
import { describeRotation, describeStatus, keysStatus, rotateKeys } from './cli/keys.ts';
import { MovableClock, registerTestClockRoute } from './platform/test-clock.ts';

const HELP = `gongzhi — 共治 community co-governance platform

Usage: npx gongzhi <command> [options]

  serve [--seed-demo-if-empty]   start the server (PORT, DATABASE_URL, GONGZHI_DATA_DIR)
        [--test-clock]           browser tests only: a clock they can move forward (refused in production)
  migrate                        bring the database schema up to date
  seed demo                      load the synthetic demo district (idempotent)
  create-district --code C --name N
                                 create a district (the root of a new tree; streets and below come from import)
  create-admin --phone P --name N --password W [--role system_admin|district_admin|security_admin|audit_admin]
                                 create an administrator at the district (the first district unless --district-code)
  openapi [--out FILE]           write the OpenAPI document (sorted keys)
  import places FILE [--district-code CODE] [--dry-run]
                                 import streets … households from an .xlsx (all rows or none); refused rows
                                 are written to FILE.errors.xlsx and the exit code is 2
  export template [--out FILE]   write the place import template (.xlsx)
  open311 key create --name NAME [--district-code CODE]
                                 issue an Open311 API key (shown once; only its hash is kept)
  open311 key list [--district-code CODE]
                                 list the Open311 API keys
  audit verify                   walk the hash-chained audit log; exit 3 naming the first row that does not hold
  backup --out FILE              PostgreSQL: pg_dump (custom format, live); embedded: the data dir as .tar.gz
                                 (stop the server first: it holds the data dir)
  restore FILE                   into an empty database / data dir, then check it as \`verify\` does
  verify                         audit chain intact, points and fund ledgers balanced; exit 3 if not
  cockpit rebuild [--district-code CODE]
                                 recompute the cockpit's rollups from the source tables
  cockpit rollup                 apply what arrived since the last run (the server does this every 10 s)
  ledger export --ledger L (--place-code C | --place-id N) --from D --to D [--format xlsx|pdf] --out FILE
                                 write a ledger (台账: requests, errands, volunteer_activities, wishes), masked
  keys status                    the personal-data key id and mode, and how many values sit under each key
  keys rotate [--new-key B64] [--batch-size N]
                                 server stopped: re-encrypt personal data under a new key (and the mode of
                                 GONGZHI_PII_CIPHER), recompute lookup hashes; resumable; then retire the old key

Options: --json  machine-readable output`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'seed-demo-if-empty': { type: 'boolean' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    phone: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    'district-code': { type: 'string' },
    code: { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ledger: { type: 'string' },
    'place-code': { type: 'string' },
    'place-id': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    'test-clock': { type: 'boolean' },
    'new-key': { type: 'string' },
    'batch-size': { type: 'string' },
  },
});

const say = (human: string, data: unknown) => console.log(values.json ? JSON.stringify(data) : human);
const onTerminal = !values.json && process.stdout.isTTY;
const progress = progressBar(onTerminal);

async function main(): Promise<number> {
  const [command, sub] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const { database } = await openRuntime(config, { migrate: false });
      const r = await migrateToLatest(database.db);
      say(`migrations applied: ${r.results?.length ?? 0}`, { applied: r.results?.map((m) => m.migrationName) ?? [] });
      await database.db.destroy();
      return 0;
    }
    case 'seed': {
      if (sub !== 'demo') throw new Error('usage: gongzhi seed demo');
      const { database, cipher } = await openRuntime(config);
      const report = await seedDemo({ db: database.db, cipher }, progressBar(onTerminal, SEED_STEPS));
      say(report.skipped ? 'demo district already present: nothing changed' : `demo district seeded in ${(report.ms / 1000).toFixed(1)} s: ${report.places} places, ${report.households} households, ${report.people} people, ${report.roles} role assignments, ${report.requests} requests`, report);
      await database.db.destroy();
      return 0;
    }
    case 'create-district': {
      const { database } = await openRuntime(config);
      const id = await createDistrict({ db: database.db }, { code: values.code ?? '', name: values.name ?? '' });
      say(`district created: place ${id}`, { districtId: id });
      await database.db.destroy();
      return 0;
    }
    case 'create-admin': {
      const { database, cipher } = await openRuntime(config);
      const id = await createAdmin({ db: database.db, cipher }, {
        phone: values.phone ?? '',
        name: values.name ?? '',
        password: values.password ?? '',
        role: values.role ?? 'system_admin',
        districtCode: values['district-code'],
      });
      say(`administrator created: person ${id}`, { personId: id });
      await database.db.destroy();
      return 0;
    }
    case 'openapi': {
      // The document depends on the routes only: an empty in-memory database and a throwaway key will do.
      const database = await createDb({ dataDir: 'memory://' });
      const cipher = createPersonalDataCipher(crypto.randomBytes(32));
      const { app } = await buildApp({ config, database, cipher, logger: false, webDist: null });
      await app.ready();
      const doc = sortedJson(app.swagger());
      if (values.out) fs.writeFileSync(values.out, doc);
      // Wait for stdout to drain: process.exit would cut a piped document short.
      else await new Promise<void>((resolve) => process.stdout.write(doc, () => resolve()));
      await app.close();
      await database.db.destroy();
      return 0;
    }
    case 'import': {
      const file = positionals[2];
      if (sub !== 'places' || !file) throw new Error('usage: gongzhi import places FILE [--district-code CODE] [--dry-run] [--json]');
      const { database } = await openRuntime(config);
      try {
        const result = await importPlacesFromFile(database.db, { file, districtCode: values['district-code'], dryRun: values['dry-run'] ?? false, progress });
        say(describeImport(result), result);
        return result.ok ? 0 : 2;
      } finally {
        await database.db.destroy();
      }
    }
    case 'export': {
      if (sub !== 'template') throw new Error('usage: gongzhi export template [--out FILE]');
      const file = await writePlacesTemplate(values.out);
      say(`template written: ${file}`, { file });
      return 0;
    }
    case 'open311': {
      const { database, cipher } = await openRuntime(config);
      try {
        const out = await open311KeysCommand({ db: database.db, cipher }, positionals.slice(1), { name: values.name, districtCode: values['district-code'] });
        say(out.human, out.data);
        return 0;
      } finally {
        await database.db.destroy();
      }
    }
    case 'audit': {
      if (sub !== 'verify') throw new Error('usage: gongzhi audit verify [--json]');
      const { database } = await openRuntime(config);
      try {
        const out = await auditVerifyCommand(database.db);
        say(out.human, out.data);
        return out.exitCode;
      } finally {
        await database.db.destroy();
      }
    }
    case 'backup': {
      if (!values.out) throw new Error('usage: gongzhi backup --out FILE');
      const { database } = await openRuntime(config, { migrate: false });
      try {
        const r = await backupDatabase(database, values.out, config.databaseUrl);
        say(`backup written: ${r.file} (${r.bytes} bytes)`, r);
        return 0;
      } finally {
        await database.db.destroy();
      }
    }
    case 'restore': {
      const file = positionals[1];
      if (!file) throw new Error('usage: gongzhi restore FILE');
      if (config.databaseUrl) await restorePostgres(file, config.databaseUrl);
      else await restorePglite(file, path.join(config.dataDir, 'pgdata'));
      const database = config.databaseUrl ? await createDb({ databaseUrl: config.databaseUrl }) : await createDb({ dataDir: path.join(config.dataDir, 'pgdata') });
      try {
        const report = await checkIntegrity(database.db);
        say(`restored from ${file}\n${describeIntegrity(report)}`, report);
        return report.ok ? 0 : 3;
      } finally {
        await database.db.destroy();
      }
    }
    case 'verify': {
      const { database } = await openRuntime(config, { migrate: false });
      try {
        const report = await checkIntegrity(database.db);
        say(describeIntegrity(report), report);
        return report.ok ? 0 : 3;
      } finally {
        await database.db.destroy();
      }
    }
    case 'cockpit': {
      const { database } = await openRuntime(config);
      try {
        const out = await cockpitCommand(database.db, sub, values['district-code']);
        say(out.human, out.data);
        return 0;
      } finally {
        await database.db.destroy();
      }
    }
    case 'ledger': {
      if (sub !== 'export') throw new Error('usage: gongzhi ledger export … (see --help)');
      const { database, cipher } = await openRuntime(config);
      try {
        const out = await ledgerExportCommand(database.db, cipher, { ledger: values.ledger, placeCode: values['place-code'], placeId: values['place-id'], from: values.from, to: values.to, format: values.format, out: values.out });
        say(out.human, out.data);
        return 0;
      } finally {
        await database.db.destroy();
      }
    }
    case 'keys': {
      if (sub !== 'status' && sub !== 'rotate') throw new Error('usage: gongzhi keys status | keys rotate [--new-key B64] [--batch-size N]');
      const { database, keyring } = await openRuntime(config);
      try {
        if (sub === 'status') {
          const s = await keysStatus(database.db, keyring, config.piiCipher);
          say(describeStatus(s), s);
          return 0;
        }
        const batchSize = values['batch-size'] ? Number(values['batch-size']) : 1000;
        if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch-size must be a positive whole number');
        const r = await rotateKeys(database.db, {
          ring: keyring, dataDir: config.dataDir, alg: config.piiCipher, newKey: values['new-key'], batchSize,
          say: (line) => console.error(line),
          onProgress: (p) => { if (!values.json) console.error(`  ${p.table}: ${p.done} re-encrypted, ${p.skipped} skipped`); },
        });
        say(describeRotation(r, keyring.source), r);
        return 0;
      } finally {
        await database.db.destroy();
      }
    }
    case 'serve':
      await serve(config);
      return -1; // keeps running
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      return 1;
  }
}

async function serve(config: ReturnType<typeof loadConfig>): Promise<void> {
  // Browser tests only (web/e2e): a clock they can move forward; refused in production (platform/test-clock.ts).
  if (values['test-clock'] && config.production) throw new Error('--test-clock is for browser tests and is refused when NODE_ENV=production');
  const testClock = values['test-clock'] ? new MovableClock() : undefined;
  const { database, cipher } = await openRuntime(config, { serving: true });
  const { app, timers } = await buildApp({ config, database, cipher, ...(testClock ? { clock: testClock } : {}) });
  if (testClock) registerTestClockRoute(app, testClock);
  if (database.kind === 'pglite') {
    app.log.warn('Embedded database (PGlite): for trying Gongzhi and small pilots only. Its on-disk mode does not fsync, so an OS crash or power loss can lose the last commits. Run real deployments on PostgreSQL (DATABASE_URL).');
  }
  if (values['seed-demo-if-empty'] && (await databaseIsEmpty(database.db))) {
    app.log.info('empty database: loading the demo district (once)…');
    const report = await seedDemo({ db: database.db, cipher });
    app.log.info(`demo district seeded in ${(report.ms / 1000).toFixed(1)} s: ${report.places} places, ${report.households} households, ${report.people} people`);
  }
  await app.listen({ port: config.port, host: config.host });
  timers.start();
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`\n共治 Gongzhi is running: ${url}/  (resident H5: ${url}/h5/  cockpit: ${url}/screen/  API docs: ${url}/api/docs)`);
  if (values['seed-demo-if-empty']) {
    console.log(`Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS.slice(0, 8)) console.log(`  ${a.phone}  ${a.label}`);
    console.log('  … more in README.md');
  }
  const stop = async () => {
    await app.close();
    await database.db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
