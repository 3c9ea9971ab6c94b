import crypto from 'node:crypto';
import { chainDistricts, chainHead, chainPage, type ChainRow } from './audit-chain.repository.ts';
import type { Db } from '../db/create-db.ts';
import type { Executor } from './audit.repository.ts';

/**
 * The audit log chained by hash (审计日志防篡改, migration 0012): one chain per district. The database's insert
 * trigger links each row; this file re-derives every link in TypeScript, independently of the SQL that wrote
 * it, so `gongzhi audit verify` shows a row altered, deleted or slipped in by hand.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** `<octets>:<text>` or `~` for null: no field can run into its neighbour. Mirrors audit_field() in SQL. */
function field(v: string | null): string {
  return v === null ? '~' : `${Buffer.byteLength(v, 'utf8')}:${v}`;
}

/** Mirrors audit_log_canonical() in migration 0012, field for field. */
export function canonicalAuditRow(r: ChainRow): string {
  return [r.seq, r.id, r.district_id, r.at_utc, r.actor_id, r.action, r.target_type, r.target_id, r.result, r.ip, r.detail].map(field).join('|');
}

export function auditRowHash(prevHash: string, r: ChainRow): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${canonicalAuditRow(r)}`, 'utf8').digest('hex');
}

export type ChainBreak = { districtId: number; id: number | null; seq: number; reason: string };
export type ChainReport = {
  ok: boolean;
  districts: { districtId: number; rows: number; headSeq: number; headHash: string }[];
  /** The first row where the chain does not hold (in district order, then chain order). */
  broken?: ChainBreak;
};

/**
 * Walks every district's chain from its first row and stops at the first link that does not hold. Runs in one
 * REPEATABLE READ transaction so the heads and the rows are one snapshot while other instances keep appending.
 */
export async function verifyAuditChain(db: Db, options: { pageSize?: number } = {}): Promise<ChainReport> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => walkChains(trx, options.pageSize ?? 5000));
}

async function walkChains(db: Executor, pageSize: number): Promise<ChainReport> {
  const districts: ChainReport['districts'] = [];
  for (const districtId of await chainDistricts(db)) {
    const fail = (id: number | null, seq: number, reason: string): ChainReport => ({ ok: false, districts, broken: { districtId, id, seq, reason } });
    const head = await chainHead(db, districtId);
    if (!head) return fail(null, 0, 'the district has audit rows but no chain head');
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let lastId: number | null = null;
    for (;;) {
      const page = await chainPage(db, districtId, expectedSeq - 1, pageSize);
      for (const r of page) {
        const id = Number(r.id);
        const seq = Number(r.seq);
        if (seq !== expectedSeq) return fail(id, seq, `expected seq ${expectedSeq}: the row(s) before it were deleted or renumbered`);
        if (seq > head.seq) return fail(id, seq, `it lies past the chain head (seq ${head.seq}): it was added by hand`);
        if (r.prev_hash !== prev) return fail(id, seq, 'its prev_hash does not match the row before it: a row before it was deleted, inserted or altered');
        const hash = auditRowHash(prev, r);
        if (hash !== r.hash) return fail(id, seq, 'its content does not match its hash: the row was altered');
        prev = hash;
        lastId = id;
        expectedSeq += 1;
      }
      if (page.length < pageSize) break;
    }
    const rows = expectedSeq - 1;
    if (head.seq !== rows) return fail(lastId, rows, `the chain ends at seq ${rows} but its head says seq ${head.seq}: rows at its end were deleted`);
    if (head.hash !== prev) return fail(lastId, rows, 'the head\'s hash does not match the last row');
    districts.push({ districtId, rows, headSeq: head.seq, headHash: head.hash });
  }
  return { ok: true, districts };
}
