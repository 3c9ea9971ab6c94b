import { sql } from 'kysely';
import type { Executor } from './audit.repository.ts';

/** One audit row as the chain hashed it: every field as the text the canonical form is built from. */
export type ChainRow = {
  id: string;
  seq: string;
  district_id: string;
  at_utc: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: string;
  ip: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
};

/** Every district that has audit rows or a chain head. */
export async function chainDistricts(db: Executor): Promise<number[]> {
  const r = await sql<{ district_id: number }>`
    select district_id from audit_chain_heads union select distinct district_id from audit_log order by 1`.execute(db);
  return r.rows.map((x) => Number(x.district_id));
}

export async function chainHead(db: Executor, districtId: number): Promise<{ seq: number; hash: string } | undefined> {
  const r = await sql<{ seq: string; hash: string }>`select seq::text, hash from audit_chain_heads where district_id = ${districtId}`.execute(db);
  return r.rows[0] ? { seq: Number(r.rows[0].seq), hash: r.rows[0].hash } : undefined;
}

/** A page of one district's chain in chain order (keyset on seq). Casts to text so nothing is re-formatted in JS. */
export async function chainPage(db: Executor, districtId: number, afterSeq: number, limit: number): Promise<ChainRow[]> {
  const r = await sql<ChainRow>`
    select id::text, seq::text, district_id::text,
           to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_utc,
           actor_id::text, action, target_type, target_id, result, ip, detail::text as detail, prev_hash, hash
      from audit_log
     where district_id = ${districtId} and seq > ${afterSeq}
     order by audit_log.seq
     limit ${limit}`.execute(db);
  return r.rows;
}
