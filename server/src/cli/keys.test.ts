import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { cipherFromKeyring, createPersonalDataCipher, keyIdOf, loadKeyring, type PersonalDataCipher } from '../platform/personal-data.ts';
import { assertDataUnderCurrentKey } from '../platform/personal-data-check.ts';
import { CapturingSmsSender, buildTestApp, signIn, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, nextPhone, PASSWORD } from '../../test/factories.ts';
import { describeStatus, keysStatus, rotateKeys } from './keys.ts';

/**
 * Key rotation (issue 10, docs/security.md "Keys") on a real database: people (phone, ID number, flags — one of them
 * still in the v1 format), a volunteer's ID number, a TOTP secret and an Open311 client's marker hash. A rotation
 * interrupted after one batch resumes; afterwards every value reads back under the new key only, sign-in by phone
 * finds the person through the recomputed lookup hash, and a server with the old key refuses to start.
 */
const keyA = crypto.randomBytes(32);
let t: TestApp;
let dir: string;
const apps: FastifyInstance[] = [];
type Plain = { personId: number; phone: string; idNumber: string; flags: string; volunteerId: number; volunteerIdNumber: string; totpSecret: string; legacyPhone: string; legacyId: number; open311Id: number };
let plain: Plain;

/** A v1 ciphertext as the one-key cipher wrote them (AES-256-GCM, no key id). */
function legacyV1Encrypt(masterKey: Buffer, text: string): string {
  const encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi/pii/enc/v1', 32));
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

beforeAll(async () => {
  t = await buildTestApp({ cipher: createPersonalDataCipher(keyA) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-keys-'));
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.writeFileSync(path.join(dir, 'keys', 'personal-data.key'), keyA.toString('base64'), { mode: 0o600 });
  const tree = await createTree(t.deps);
  const resident = await createPerson(t.deps, tree.districtId, '居民甲', [{ role: 'resident', place: tree.places['A-h1']! }], { idNumber: '33010519800101123X', flags: { elderlyAlone: true } });
  for (let i = 0; i < 4; i++) await createPerson(t.deps, tree.districtId, `居民${i}`, [{ role: 'resident', place: tree.places['A-h2']! }]);
  // A person written before the keyring: v1 ciphertext, the unchanged HMAC-SHA256 lookup hash.
  const legacyPhone = nextPhone();
  const legacy = await createPerson(t.deps, tree.districtId, '老数据', [{ role: 'resident', place: tree.places['B-h1']! }], { phone: legacyPhone });
  await t.deps.db.updateTable('people').set({ phone_cipher: legacyV1Encrypt(keyA, legacyPhone) }).where('id', '=', legacy.id).execute();
  const open311 = await t.deps.db.insertInto('people').values({ district_id: tree.districtId, name: 'Open311：测试', phone_cipher: t.deps.cipher.encrypt(''), phone_hash: 'open311-client:test' }).returning('id').executeTakeFirstOrThrow();
  const h1 = tree.places['A-h1']!;
  const volunteer = await t.deps.db.insertInto('volunteers').values({
    district_id: tree.districtId, person_id: resident.id, sex: 'female', birth_date: '1980-01-01', id_number_cipher: t.deps.cipher.encrypt('33010519800101123X'),
    id_number_hash: t.deps.cipher.lookupHash('id_number', '33010519800101123X'), home_place_id: h1.id, home_place_path: h1.path, skills: JSON.stringify([]), service_categories: JSON.stringify([]),
    recording_org: '测试社区', consent_at: t.clock.now(), registered_by: resident.id,
  }).returning('id').executeTakeFirstOrThrow();
  const totpSecret = crypto.randomBytes(20).toString('base64');
  await t.deps.db.insertInto('totp_credentials').values({ person_id: legacy.id, district_id: tree.districtId, secret_cipher: t.deps.cipher.encrypt(totpSecret), created_at: t.clock.now() }).execute();
  plain = { personId: resident.id, phone: resident.phone, idNumber: '33010519800101123X', flags: JSON.stringify({ elderlyAlone: true }), volunteerId: volunteer.id, volunteerIdNumber: '33010519800101123X', totpSecret, legacyPhone, legacyId: legacy.id, open311Id: open311.id };
  // Before any rotation, sign-in works with key A.
  await signIn(t.app, resident.phone, PASSWORD);
}, 120_000);

afterAll(async () => {
  for (const a of apps) await a.close();
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A second server on the same database with another cipher, as after a restart with the new key. */
async function serverWith(cipher: PersonalDataCipher): Promise<FastifyInstance> {
  const { app } = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, database: t.database, cipher, clock: t.clock, sms: new CapturingSmsSender(), logger: false, webDist: null });
  await app.ready();
  apps.push(app);
  return app;
}

async function expectEverythingReadsBack(cipher: PersonalDataCipher) {
  const db = t.deps.db;
  const p = await db.selectFrom('people').selectAll().where('id', '=', plain.personId).executeTakeFirstOrThrow();
  expect(cipher.decrypt(p.phone_cipher)).toBe(plain.phone);
  expect(p.phone_hash).toBe(cipher.lookupHash('phone', plain.phone));
  expect(cipher.decrypt(p.id_number_cipher!)).toBe(plain.idNumber);
  expect(p.id_number_hash).toBe(cipher.lookupHash('id_number', plain.idNumber));
  expect(cipher.decrypt(p.flags_cipher!)).toBe(plain.flags);
  const legacy = await db.selectFrom('people').selectAll().where('id', '=', plain.legacyId).executeTakeFirstOrThrow();
  expect(cipher.decrypt(legacy.phone_cipher)).toBe(plain.legacyPhone);
  const v = await db.selectFrom('volunteers').selectAll().where('id', '=', plain.volunteerId).executeTakeFirstOrThrow();
  expect(cipher.decrypt(v.id_number_cipher!)).toBe(plain.volunteerIdNumber);
  expect(v.id_number_hash).toBe(cipher.lookupHash('id_number', plain.volunteerIdNumber));
  const totp = await db.selectFrom('totp_credentials').select('secret_cipher').where('person_id', '=', plain.legacyId).executeTakeFirstOrThrow();
  expect(cipher.decrypt(totp.secret_cipher)).toBe(plain.totpSecret);
  // The Open311 client's marker is not a keyed hash and must stay as it was (no sign-in can find that person).
  const o = await db.selectFrom('people').select(['phone_cipher', 'phone_hash']).where('id', '=', plain.open311Id).executeTakeFirstOrThrow();
  expect(o.phone_hash).toBe('open311-client:test');
  expect(cipher.decrypt(o.phone_cipher)).toBe('');
}

describe('gongzhi keys rotate / status', () => {
  let keyB: Buffer;

  it('status before: v1 and v2 rows under key A only', async () => {
    const s = await keysStatus(t.deps.db, loadKeyring(undefined, [], dir), 'aes');
    expect(s.currentKeyId).toBe(keyIdOf(keyA));
    const phones = s.columns.filter((c) => c.column === 'people.phone_cipher');
    expect(phones.find((c) => c.version === 'v1')?.rows).toBe(1);
    expect(phones.find((c) => c.version === 'v2')?.keyId).toBe(keyIdOf(keyA));
    expect(s.columns.map((c) => c.column)).toEqual(expect.arrayContaining(['people.id_number_cipher', 'people.flags_cipher', 'volunteers.id_number_cipher', 'totp_credentials.secret_cipher']));
  });

  it('an interrupted rotation (one batch) leaves the old key current, a pending key on disk, and every row readable', async () => {
    const r = await rotateKeys(t.deps.db, { ring: loadKeyring(undefined, [], dir), dataDir: dir, alg: 'sm4', batchSize: 3, maxBatches: 1 });
    expect(r.complete).toBe(false);
    expect(r.counts.people.rotated).toBe(3);
    expect(fs.existsSync(path.join(dir, 'keys', 'pending.key'))).toBe(true);
    const ring = loadKeyring(undefined, [], dir);
    expect(keyIdOf(ring.current)).toBe(keyIdOf(keyA));
    keyB = ring.pending!;
    expect(keyIdOf(keyB)).toBe(r.toKeyId);
    const s = await keysStatus(t.deps.db, ring, 'aes');
    expect(s.pendingKeyId).toBe(r.toKeyId);
    expect(s.columns.filter((c) => c.column === 'people.phone_cipher' && c.keyId === r.toKeyId)[0]?.rows).toBe(3);
    // The server's keyring reads the pending key too: nothing is unreadable mid-rotation.
    const midway = cipherFromKeyring(ring, 'aes');
    for (const row of await t.deps.db.selectFrom('people').select('phone_cipher').execute()) expect(() => midway.decrypt(row.phone_cipher)).not.toThrow();
  });

  it('running it again resumes with the same key, skips what is done, and only then makes the new key current', async () => {
    const lines: string[] = [];
    const r = await rotateKeys(t.deps.db, { ring: loadKeyring(undefined, [], dir), dataDir: dir, alg: 'sm4', batchSize: 3, say: (l) => lines.push(l) });
    expect(r.complete).toBe(true);
    expect(r.toKeyId).toBe(keyIdOf(keyB));
    expect(lines.join('\n')).toContain('resuming');
    expect(r.counts.people.skipped).toBe(3);
    expect(r.counts.people.rotated).toBeGreaterThanOrEqual(4);
    expect(r.counts.volunteers.rotated).toBe(1);
    expect(r.counts.totp_credentials.rotated).toBe(1);
    expect(fs.existsSync(path.join(dir, 'keys', 'pending.key'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'keys', 'personal-data.key'), 'utf8')).toBe(keyB.toString('base64'));
    expect(fs.readFileSync(path.join(dir, 'keys', 'retired', `${keyIdOf(keyA)}.key`), 'utf8')).toBe(keyA.toString('base64'));
  });

  it('afterwards: status shows only the new key in sm4 mode, everything decrypts, sign-in by phone works', async () => {
    const ring = loadKeyring(undefined, [], dir);
    expect(keyIdOf(ring.current)).toBe(keyIdOf(keyB));
    const s = await keysStatus(t.deps.db, ring, 'sm4');
    expect(s.retiredKeyIds).toEqual([keyIdOf(keyA)]);
    expect(s.columns.length).toBe(5);
    for (const c of s.columns) expect(c).toMatchObject({ version: 'v2', keyId: keyIdOf(keyB), alg: 'sm4' });
    expect(describeStatus(s)).toContain('every encrypted value is under the current key');
    // Run with the wrong GONGZHI_PII_CIPHER, status says which one to set.
    expect(describeStatus(await keysStatus(t.deps.db, ring, 'aes'))).toContain('the data is in sm4 mode but GONGZHI_PII_CIPHER=aes');
    const cipher = cipherFromKeyring(ring, 'sm4');
    await expectEverythingReadsBack(cipher);
    // Only the new key is needed now (the retired one is kept for old backups).
    await expectEverythingReadsBack(createPersonalDataCipher(keyB, { alg: 'sm4' }));
    await assertDataUnderCurrentKey(t.deps.db, cipher);
    const app = await serverWith(cipher);
    const session = await signIn(app, plain.phone, PASSWORD);
    expect(session.personId).toBe(plain.personId);
    // The person whose phone was a v1 ciphertext (its TOTP enrolment unconfirmed, so a password is enough).
    expect((await signIn(app, plain.legacyPhone, PASSWORD)).personId).toBe(plain.legacyId);
  });

  it('a server still on the old key or the old mode refuses to start, saying what to do', async () => {
    await expect(assertDataUnderCurrentKey(t.deps.db, createPersonalDataCipher(keyA, { retired: [keyB] }))).rejects.toThrow(new RegExp(`under key ${keyIdOf(keyB)} but the current key is ${keyIdOf(keyA)}`));
    await expect(assertDataUnderCurrentKey(t.deps.db, createPersonalDataCipher(keyB, { alg: 'aes' }))).rejects.toThrow(/sm4 mode but GONGZHI_PII_CIPHER=aes/);
  });

  it('environment setup: --new-key, back to aes; prints what to set, and the printed keys are what works', async () => {
    const keyC = crypto.randomBytes(32);
    const ring = loadKeyring(keyB.toString('base64'), [keyA.toString('base64')], dir);
    expect(ring.source).toBe('env');
    await expect(rotateKeys(t.deps.db, { ring, dataDir: dir, alg: 'aes', newKey: keyB.toString('base64') })).rejects.toThrow(/is the current key/);
    const r = await rotateKeys(t.deps.db, { ring, dataDir: dir, alg: 'aes', newKey: keyC.toString('base64') });
    expect(r.complete).toBe(true);
    const env = Object.fromEntries(r.instructions.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env.GONGZHI_DATA_KEY).toBe(keyC.toString('base64'));
    expect(env.GONGZHI_PII_CIPHER).toBe('aes');
    expect(env.GONGZHI_DATA_KEYS_RETIRED!.split(',')).toEqual(expect.arrayContaining([keyA.toString('base64'), keyB.toString('base64')]));
    // The key file was not touched: this deployment's key lives in the environment.
    expect(fs.readFileSync(path.join(dir, 'keys', 'personal-data.key'), 'utf8')).toBe(keyB.toString('base64'));
    const config = loadConfig({ GONGZHI_DATA_KEY: env.GONGZHI_DATA_KEY, GONGZHI_DATA_KEYS_RETIRED: env.GONGZHI_DATA_KEYS_RETIRED, GONGZHI_PII_CIPHER: env.GONGZHI_PII_CIPHER });
    const cipher = cipherFromKeyring(loadKeyring(config.dataKey, config.retiredDataKeys, dir), config.piiCipher);
    const s = await keysStatus(t.deps.db, loadKeyring(config.dataKey, config.retiredDataKeys, dir), config.piiCipher);
    for (const c of s.columns) expect(c).toMatchObject({ version: 'v2', keyId: keyIdOf(keyC), alg: 'aes' });
    await expectEverythingReadsBack(cipher);
    const session = await signIn(await serverWith(cipher), plain.phone, PASSWORD);
    expect(session.personId).toBe(plain.personId);
  });
});
