import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/create-db.ts';
import { insertAudit } from '../platform/audit.repository.ts';
import { createPersonalDataCipher, keyIdOf, keyPaths, type LoadedKeyring, type PersonalDataCipher, type PiiAlg } from '../platform/personal-data.ts';

/**
 * Key rotation (密钥轮换, docs/security.md "Keys"; docs/operations.md). Every encrypted column is re-encrypted
 * under the new key and every lookup hash recomputed from the decrypted plaintext, a batch per transaction; a row
 * already under the new key id and mode is skipped, so an interrupted run is simply run again. Only when every row
 * is done does the new key become current (key files) or the command print what to set (environment).
 */

/** Every column that holds personal data encrypted by platform/personal-data, with the lookup hash it feeds. */
export const ENCRYPTED_COLUMNS = [
  { table: 'people', pk: 'id', column: 'phone_cipher', hash: { column: 'phone_hash', kind: 'phone' } },
  { table: 'people', pk: 'id', column: 'id_number_cipher', hash: { column: 'id_number_hash', kind: 'id_number' } },
  { table: 'people', pk: 'id', column: 'flags_cipher', hash: null },
  { table: 'volunteers', pk: 'id', column: 'id_number_cipher', hash: { column: 'id_number_hash', kind: 'id_number' } },
  { table: 'totp_credentials', pk: 'person_id', column: 'secret_cipher', hash: null },
] as const;

const TABLES = ['people', 'volunteers', 'totp_credentials'] as const;
type Table = (typeof TABLES)[number];

/** A keyed lookup hash is 64 hex digits (HMAC-SHA256 or HMAC-SM3); anything else (an Open311 client's marker) is kept. */
const KEYED_HASH = /^[0-9a-f]{64}$/;

export type KeyStatus = {
  currentKeyId: string;
  alg: PiiAlg;
  retiredKeyIds: string[];
  pendingKeyId: string | null;
  columns: { column: string; version: string; keyId: string | null; alg: string | null; rows: number }[];
};

/** `gongzhi keys status`: the current key id and, per column, how many rows sit under each version / key id / mode. */
export async function keysStatus(db: Db, ring: LoadedKeyring, alg: PiiAlg): Promise<KeyStatus> {
  const columns: KeyStatus['columns'] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    const rows = await sql<{ version: string; key_id: string | null; alg: string | null; n: string | number }>`
      select split_part(${sql.ref(c.column)}, '.', 1) as version,
             case when ${sql.ref(c.column)} like 'v2.%' then split_part(${sql.ref(c.column)}, '.', 2) end as key_id,
             case when ${sql.ref(c.column)} like 'v2.%' then split_part(${sql.ref(c.column)}, '.', 3) else 'aes' end as alg,
             count(*) as n
        from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null group by 1, 2, 3 order by 1, 2, 3`.execute(db);
    for (const r of rows.rows) columns.push({ column: `${c.table}.${c.column}`, version: r.version, keyId: r.key_id, alg: r.alg, rows: Number(r.n) });
  }
  return {
    currentKeyId: keyIdOf(ring.current),
    alg,
    retiredKeyIds: [...new Set(ring.retired.map(keyIdOf))],
    pendingKeyId: ring.pending ? keyIdOf(ring.pending) : null,
    columns,
  };
}

export function describeStatus(s: KeyStatus): string {
  const lines = [
    `current key: ${s.currentKeyId} (${s.alg === 'sm4' ? 'SM4-CTR + HMAC-SM3' : 'AES-256-GCM + HMAC-SHA256'})`,
    `retired keys: ${s.retiredKeyIds.length ? s.retiredKeyIds.join(', ') : 'none'}`,
    ...(s.pendingKeyId ? [`pending key: ${s.pendingKeyId} (a rotation has not finished: run \`gongzhi keys rotate\` again)`] : []),
    ...s.columns.map((c) => `  ${c.column.padEnd(34)} ${c.version === 'v1' ? 'v1 (key id not recorded)' : `${c.version} key ${c.keyId} ${c.alg}`}: ${c.rows}`),
  ];
  const stale = s.columns.filter((c) => c.version !== 'v2' || c.keyId !== s.currentKeyId || c.alg !== s.alg).reduce((n, c) => n + c.rows, 0);
  const otherMode = [...new Set(s.columns.filter((c) => c.version === 'v2' && c.keyId === s.currentKeyId && c.alg !== s.alg).map((c) => c.alg))];
  if (stale === 0) lines.push('every encrypted value is under the current key');
  else if (otherMode.length === 1 && otherMode[0] && s.columns.every((c) => c.keyId === s.currentKeyId && c.alg === otherMode[0])) lines.push(`the data is in ${otherMode[0]} mode but GONGZHI_PII_CIPHER=${s.alg}: set GONGZHI_PII_CIPHER=${otherMode[0]} (or run \`gongzhi keys rotate\` to switch to ${s.alg})`);
  else lines.push(`${stale} value(s) not under the current key and mode: run \`gongzhi keys rotate\``);
  return lines.join('\n');
}

export type RotationProgress = (p: { table: string; done: number; skipped: number }) => void;
export type RotationCounts = Record<Table, { rotated: number; skipped: number }>;

/**
 * Re-encrypts every row of every encrypted table under `to` (which must also be able to read what is there: the old
 * keyring as its retired keys). `maxBatches` stops early (tests simulate an interruption with it).
 */
export async function rotateRows(db: Db, to: PersonalDataCipher, options: { batchSize?: number; maxBatches?: number; onProgress?: RotationProgress } = {}): Promise<{ counts: RotationCounts; complete: boolean }> {
  const batchSize = options.batchSize ?? 1000;
  const prefix = `v2.${to.keyId}.${to.alg}.`;
  const isNew = (v: string | null) => v === null || v.startsWith(prefix);
  const counts = Object.fromEntries(TABLES.map((t) => [t, { rotated: 0, skipped: 0 }])) as RotationCounts;
  let batches = 0;
  for (const table of TABLES) {
    const cols = ENCRYPTED_COLUMNS.filter((c) => c.table === table);
    const pk = cols[0]!.pk;
    let after = 0;
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return { counts, complete: false };
      const done = await db.transaction().execute(async (trx) => {
        const rows = await sql<Record<string, string | number | null>>`
          select ${sql.ref(pk)} as pk, ${sql.join(cols.flatMap((c) => [sql.ref(c.column), ...(c.hash ? [sql.ref(c.hash.column)] : [])]))}
            from ${sql.table(table)} where ${sql.ref(pk)} > ${after} order by ${sql.ref(pk)} limit ${batchSize} for update`.execute(trx);
        for (const row of rows.rows) {
          if (cols.every((c) => isNew(row[c.column] as string | null))) {
            counts[table].skipped += 1;
            continue;
          }
          const set: Record<string, string> = {};
          for (const c of cols) {
            const value = row[c.column] as string | null;
            if (value === null) continue;
            const plain = to.decrypt(value);
            set[c.column] = to.encrypt(plain);
            const hash = c.hash ? (row[c.hash.column] as string | null) : null;
            if (c.hash && hash !== null && KEYED_HASH.test(hash)) set[c.hash.column] = to.lookupHash(c.hash.kind, plain);
          }
          await sql`update ${sql.table(table)} set ${sql.join(Object.entries(set).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))} where ${sql.ref(pk)} = ${row.pk}`.execute(trx);
          counts[table].rotated += 1;
        }
        return rows.rows;
      });
      batches += 1;
      if (done.length === 0) break;
      after = Number(done[done.length - 1]!.pk);
      options.onProgress?.({ table, done: counts[table].rotated, skipped: counts[table].skipped });
      if (done.length < batchSize) break;
    }
  }
  return { counts, complete: true };
}

export type RotateOutcome = {
  fromKeyId: string;
  toKeyId: string;
  alg: PiiAlg;
  counts: RotationCounts;
  /** Key files: what was written and moved. Environment: what to set. */
  instructions: string[];
};

/**
 * `gongzhi keys rotate [--new-key B64]`, the app stopped. Key files: the new key is written to keys/pending.key first
 * (so an interrupted run resumes with the same key), and made current only after every row is done; the old key
 * moves to keys/retired/<id>.key. Environment (GONGZHI_DATA_KEY): the new key is `--new-key` or generated and
 * printed first, and the command ends by printing what to set.
 */
export async function rotateKeys(
  db: Db,
  input: { ring: LoadedKeyring; dataDir: string; alg: PiiAlg; newKey?: string; batchSize?: number; maxBatches?: number; onProgress?: RotationProgress; say?: (line: string) => void },
): Promise<RotateOutcome & { complete: boolean }> {
  const say = input.say ?? (() => {});
  const p = keyPaths(input.dataDir);
  let newKey: Buffer;
  if (input.newKey) {
    newKey = Buffer.from(input.newKey.trim(), 'base64');
    if (newKey.length !== 32) throw new Error('--new-key must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).');
  } else if (input.ring.pending) {
    newKey = input.ring.pending;
    say(`resuming the rotation to key ${keyIdOf(newKey)} (${p.pending})`);
  } else {
    newKey = crypto.randomBytes(32);
    if (input.ring.source === 'env') say(`new key (keep it: pass it as --new-key to resume an interrupted run): ${newKey.toString('base64')}`);
  }
  const fromKeyId = keyIdOf(input.ring.current);
  const toKeyId = keyIdOf(newKey);
  if (toKeyId === fromKeyId) throw new Error(`the new key is the current key (${fromKeyId}): give another one`);
  if (input.ring.source === 'file' && !(input.ring.pending && keyIdOf(input.ring.pending) === toKeyId)) {
    fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(p.pending, newKey.toString('base64'), { mode: 0o600 });
  }
  const others = [input.ring.current, ...input.ring.retired, ...(input.ring.pending ? [input.ring.pending] : [])].filter((k) => keyIdOf(k) !== toKeyId);
  const to = createPersonalDataCipher(newKey, { retired: others, alg: input.alg });
  const { counts, complete } = await rotateRows(db, to, { batchSize: input.batchSize, maxBatches: input.maxBatches, onProgress: input.onProgress });
  const outcome = { fromKeyId, toKeyId, alg: input.alg, counts, complete, instructions: [] as string[] };
  if (!complete) return outcome;

  const retiredB64 = [...new Map(others.map((k) => [keyIdOf(k), k.toString('base64')])).values()];
  if (input.ring.source === 'file') {
    fs.mkdirSync(p.retiredDir, { recursive: true, mode: 0o700 });
    // Old key into retired/ first, then the pending key over the current one (a rename: all or nothing).
    if (toKeyId !== fromKeyId) fs.writeFileSync(path.join(p.retiredDir, `${fromKeyId}.key`), input.ring.current.toString('base64'), { mode: 0o600 });
    fs.renameSync(p.pending, p.current);
    outcome.instructions.push(`${p.current}: now key ${toKeyId}`, `${path.join(p.retiredDir, `${fromKeyId}.key`)}: the old key ${fromKeyId}, kept to read backups made before this rotation`);
    if (input.alg === 'sm4') outcome.instructions.push('keep GONGZHI_PII_CIPHER=sm4 set for the server: lookup hashes are now HMAC-SM3');
  } else {
    outcome.instructions.push(
      `GONGZHI_DATA_KEY=${newKey.toString('base64')}`,
      `GONGZHI_DATA_KEYS_RETIRED=${retiredB64.join(',')}`,
      `GONGZHI_PII_CIPHER=${input.alg}`,
    );
  }
  await insertAudit(db, { districtId: 0, actorId: null, action: 'keys.rotate', result: 'ok', detail: { fromKeyId, toKeyId, alg: input.alg, counts } });
  return outcome;
}

export function describeRotation(r: RotateOutcome & { complete: boolean }, source: 'env' | 'file'): string {
  const total = (k: 'rotated' | 'skipped') => Object.values(r.counts).reduce((n, c) => n + c[k], 0);
  const lines = [
    ...Object.entries(r.counts).map(([t, c]) => `  ${t}: ${c.rotated} re-encrypted, ${c.skipped} already under key ${r.toKeyId}`),
    `${r.complete ? 'done' : 'stopped early'}: ${total('rotated')} row(s) re-encrypted from key ${r.fromKeyId} to key ${r.toKeyId} (${r.alg}), ${total('skipped')} skipped`,
  ];
  if (r.complete && source === 'env') lines.push('Now set, then start the server:', ...r.instructions.map((l) => `  ${l}`));
  else if (r.complete) lines.push(...r.instructions);
  return lines.join('\n');
}
