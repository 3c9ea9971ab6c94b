import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cipherFromKeyring, createPersonalDataCipher, keyIdOf, loadKeyring, maskIdNumber, maskPhone, type PiiAlg } from './personal-data.ts';

/** A v1 ciphertext exactly as the one-key cipher wrote them before the keyring (AES-256-GCM, no key id). */
function legacyV1Encrypt(masterKey: Buffer, plain: string): string {
  const encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi/pii/enc/v1', 32));
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

/** Flips one bit of the base64 payload of a v2 ciphertext. */
function tamper(cipherText: string, at: (raw: Buffer) => number): string {
  const cut = cipherText.lastIndexOf('.') + 1;
  const raw = Buffer.from(cipherText.slice(cut), 'base64');
  raw[at(raw)]! ^= 1;
  return cipherText.slice(0, cut) + raw.toString('base64');
}

describe.each<PiiAlg>(['aes', 'sm4'])('personal-data cipher, %s mode', (alg) => {
  const key = crypto.randomBytes(32);
  const cipher = createPersonalDataCipher(key, { alg });

  it('round-trips under a v2 header naming the key and mode, and never repeats a ciphertext', () => {
    const a = cipher.encrypt('13800000001');
    expect(a.startsWith(`v2.${keyIdOf(key)}.${alg}.`)).toBe(true);
    expect(cipher.decrypt(a)).toBe('13800000001');
    expect(cipher.encrypt('13800000001')).not.toBe(a);
    expect(a).not.toContain('13800000001');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('{"elderlyAlone":true,"姓名":"张三"}'))).toBe('{"elderlyAlone":true,"姓名":"张三"}');
  });

  it('refuses a tampered ciphertext: body, IV, tag, or a header swapped to another mode', () => {
    const c = cipher.encrypt('330105198001011234');
    expect(() => cipher.decrypt(tamper(c, (raw) => raw.length - 1))).toThrow();
    expect(() => cipher.decrypt(tamper(c, () => 0))).toThrow();
    expect(() => cipher.decrypt(tamper(c, () => 20))).toThrow();
    const other = alg === 'aes' ? 'sm4' : 'aes';
    expect(() => cipher.decrypt(c.replace(`.${alg}.`, `.${other}.`))).toThrow();
  });

  it('gives a stable keyed hash per kind that depends on the key', () => {
    expect(cipher.lookupHash('phone', '13800000001')).toBe(cipher.lookupHash('phone', ' 13800000001 '));
    expect(cipher.lookupHash('phone', '13800000001')).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookupHash('phone', '13800000001')).not.toBe(cipher.lookupHash('id_number', '13800000001'));
    const other = createPersonalDataCipher(crypto.randomBytes(32), { alg });
    expect(other.lookupHash('phone', '13800000001')).not.toBe(cipher.lookupHash('phone', '13800000001'));
  });
});

describe('SM4 mode specifics', () => {
  const key = crypto.randomBytes(32);
  const sm4 = createPersonalDataCipher(key, { alg: 'sm4' });
  const aes = createPersonalDataCipher(key, { alg: 'aes' });

  it('uses SM4-CTR with HMAC-SM3 (encrypt-then-MAC): 16-byte IV, the ciphertext, a 32-byte MAC', () => {
    const c = sm4.encrypt('13800000001');
    const raw = Buffer.from(c.split('.')[3]!, 'base64');
    expect(raw.length).toBe(16 + 11 + 32);
    // A refused MAC says so; nothing was deciphered.
    expect(() => sm4.decrypt(tamper(c, (r) => r.length - 1))).toThrow(/HMAC-SM3/);
  });

  it('hashes for lookup with HMAC-SM3, not the AES mode’s HMAC-SHA256', () => {
    expect(sm4.lookupHash('phone', '13800000001')).not.toBe(aes.lookupHash('phone', '13800000001'));
  });

  it('reads ciphertexts of the other mode under the same key (what a switch of mode needs)', () => {
    expect(sm4.decrypt(aes.encrypt('a'))).toBe('a');
    expect(aes.decrypt(sm4.encrypt('b'))).toBe('b');
  });
});

describe('keyring', () => {
  const oldKey = crypto.randomBytes(32);
  const newKey = crypto.randomBytes(32);

  it('names a key by 8 hex digits that do not reveal it', () => {
    const id = keyIdOf(oldKey);
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(oldKey.toString('hex')).not.toContain(id);
    expect(keyIdOf(oldKey)).toBe(id);
    expect(keyIdOf(newKey)).not.toBe(id);
  });

  it('still reads v1 data, under the current key or a retired one', () => {
    const v1Old = legacyV1Encrypt(oldKey, '13800000001');
    expect(createPersonalDataCipher(oldKey).decrypt(v1Old)).toBe('13800000001');
    const rotated = createPersonalDataCipher(newKey, { retired: [oldKey] });
    expect(rotated.decrypt(v1Old)).toBe('13800000001');
    expect(rotated.decrypt(legacyV1Encrypt(newKey, 'x'))).toBe('x');
    expect(() => createPersonalDataCipher(newKey).decrypt(v1Old)).toThrow(/none of the keys/);
  });

  it('keeps the aes lookup hash of the one-key cipher: existing hashes stay valid without a rotation', () => {
    const macKey = Buffer.from(crypto.hkdfSync('sha256', oldKey, Buffer.alloc(0), 'gongzhi/pii/mac/v1', 32));
    expect(createPersonalDataCipher(oldKey).lookupHash('phone', '13800000001')).toBe(crypto.createHmac('sha256', macKey).update('phone:13800000001').digest('hex'));
  });

  it('reads v2 data by key id and names a missing key', () => {
    const underOld = createPersonalDataCipher(oldKey, { alg: 'sm4' }).encrypt('secret');
    expect(createPersonalDataCipher(newKey, { retired: [oldKey] }).decrypt(underOld)).toBe('secret');
    expect(() => createPersonalDataCipher(newKey).decrypt(underOld)).toThrow(new RegExp(`key ${keyIdOf(oldKey)}, which is not in the keyring`));
  });

  it('loads the current key file, retired key files and GONGZHI_DATA_KEYS_RETIRED', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-keys-'));
    try {
      const first = loadKeyring(undefined, [], dir);
      expect(fs.statSync(path.join(dir, 'keys', 'personal-data.key')).mode & 0o777).toBe(0o600);
      expect(loadKeyring(undefined, [], dir).current.equals(first.current)).toBe(true);
      fs.mkdirSync(path.join(dir, 'keys', 'retired'));
      fs.writeFileSync(path.join(dir, 'keys', 'retired', 'old.key'), oldKey.toString('base64'));
      const ring = loadKeyring(undefined, [newKey.toString('base64')], dir);
      expect(ring.source).toBe('file');
      expect(ring.retired.map(keyIdOf).sort()).toEqual([keyIdOf(oldKey), keyIdOf(newKey)].sort());
      const c = cipherFromKeyring(ring, 'aes');
      expect(c.decrypt(createPersonalDataCipher(oldKey).encrypt('z'))).toBe('z');
      expect(() => loadKeyring(undefined, ['c2hvcnQ='], dir)).toThrow(/32 bytes/);
      expect(loadKeyring(newKey.toString('base64'), [], dir).source).toBe('env');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('masks for the screen', () => {
  expect(maskPhone('13812345678')).toBe('138****5678');
  expect(maskIdNumber('33010519800101123X')).toBe('3301**********123X');
});
