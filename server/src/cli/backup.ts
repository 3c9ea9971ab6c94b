import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Db, DbHandle } from '../db/create-db.ts';
import { verifyAuditChain } from '../platform/audit-chain.ts';
import { ledgerSummaryOf } from '../modules/points/index.ts';
import { reconcileFunds } from '../modules/funds/index.ts';

const run = promisify(execFile);

/**
 * Backups (docs/operations.md). PostgreSQL: `pg_dump --format=custom`, which reads one consistent snapshot while the
 * servers keep running. PGlite: the data directory as a gzipped tarball (PGlite's own dumpDataDir); the data dir
 * is locked by a running server, so stop it first.
 */
export async function backupDatabase(handle: DbHandle, file: string, databaseUrl?: string): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (handle.kind === 'postgres') {
    if (!databaseUrl) throw new Error('backup: DATABASE_URL is needed for pg_dump');
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${databaseUrl}`]);
  } else {
    const blob = await handle.pglite!.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  }
  return { file, bytes: fs.statSync(file).size };
}

/** Restores a PGlite backup into an empty (or missing) data directory. */
export async function restorePglite(file: string, pgdata: string): Promise<void> {
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) throw new Error(`restore: ${pgdata} is not empty; restore into a fresh data directory`);
  fs.mkdirSync(pgdata, { recursive: true });
  const pglite = await PGlite.create(pgdata, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  await pglite.close();
}

/** Restores a pg_dump backup into an empty PostgreSQL database (stops at the first error). */
export async function restorePostgres(file: string, databaseUrl: string): Promise<void> {
  await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${databaseUrl}`, file]);
}

export type IntegrityReport = {
  ok: boolean;
  auditChain: { ok: boolean; districts: number; broken: string | null };
  pointsLedgers: { districtId: number; balanced: boolean; mismatched: number; issued: number }[];
  fundLedgers: { districtId: number; balanced: boolean; mismatched: number; held: number }[];
};

/** What a restore must prove: the audit chain verifies and every district's points and fund ledgers balance. */
export async function checkIntegrity(db: Db): Promise<IntegrityReport> {
  const chain = await verifyAuditChain(db);
  const districts = await db.selectFrom('places').select('id').where('kind', '=', 'district').orderBy('id').execute();
  const pointsLedgers = [];
  const fundLedgers = [];
  for (const d of districts) {
    const s = await ledgerSummaryOf(db, d.id);
    pointsLedgers.push({ districtId: d.id, balanced: s.balanced, mismatched: s.mismatched, issued: s.issued });
    const f = await reconcileFunds({ db }, d.id);
    fundLedgers.push({ districtId: d.id, balanced: f.balanced, mismatched: f.mismatched.length, held: f.totals.held });
  }
  const broken = chain.broken ? `district ${chain.broken.districtId} seq ${chain.broken.seq}: ${chain.broken.reason}` : null;
  return {
    ok: chain.ok && [...pointsLedgers, ...fundLedgers].every((l) => l.balanced && l.mismatched === 0),
    auditChain: { ok: chain.ok, districts: chain.districts.length, broken },
    pointsLedgers,
    fundLedgers,
  };
}

export function describeIntegrity(r: IntegrityReport): string {
  return [
    `audit chain: ${r.auditChain.ok ? 'intact' : `BROKEN (${r.auditChain.broken})`} in ${r.auditChain.districts} district chain(s)`,
    ...r.pointsLedgers.map((l) => `points ledger, district ${l.districtId}: ${l.balanced && l.mismatched === 0 ? 'balanced' : `NOT balanced (${l.mismatched} account(s) differ)`}, ${l.issued} issued`),
    ...r.fundLedgers.map((l) => `fund ledger, district ${l.districtId}: ${l.balanced ? 'balanced' : `NOT balanced (${l.mismatched} account(s) differ)`}, ${l.held} fen held`),
    r.ok ? 'integrity: ok' : 'integrity: FAILED',
  ].join('\n');
}
