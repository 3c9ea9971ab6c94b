import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPersonalDataCipher, maskIdNumber, maskPhone } from './personal-data.ts';

describe('personal-data cipher', () => {
  const cipher = createPersonalDataCipher(crypto.randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('13800000001');
    expect(cipher.decrypt(a)).toBe('13800000001');
    expect(cipher.encrypt('13800000001')).not.toBe(a);
    expect(a).not.toContain('13800000001');
  });

  it('detects tampering', () => {
    const c = cipher.encrypt('330105198001011234');
    const raw = Buffer.from(c.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt(`v1.${raw.toString('base64')}`)).toThrow();
  });

  it('gives a stable keyed hash per kind that depends on the key', () => {
    expect(cipher.lookupHash('phone', '13800000001')).toBe(cipher.lookupHash('phone', ' 13800000001 '));
    expect(cipher.lookupHash('phone', '13800000001')).not.toBe(cipher.lookupHash('id_number', '13800000001'));
    const other = createPersonalDataCipher(crypto.randomBytes(32));
    expect(other.lookupHash('phone', '13800000001')).not.toBe(cipher.lookupHash('phone', '13800000001'));
  });

  it('masks for the screen', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('33010519800101123X')).toBe('3301**********123X');
  });
});
