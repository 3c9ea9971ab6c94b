import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Sensitive personal information (PIPL art. 28): encrypted at rest with AES-256-GCM, found again through a
 * keyed hash (HMAC-SHA256), never stored in the clear. Both keys derive from one master key.
 */
export type PersonalDataCipher = {
  encrypt(plain: string): string;
  decrypt(cipherText: string): string;
  lookupHash(kind: 'phone' | 'id_number', value: string): string;
};

export function createPersonalDataCipher(masterKey: Buffer): PersonalDataCipher {
  if (masterKey.length !== 32) throw new Error('The personal-data key must be 32 bytes.');
  const encKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi/pii/enc/v1', 32));
  const macKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gongzhi/pii/mac/v1', 32));
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(cipherText) {
      if (!cipherText.startsWith('v1.')) throw new Error('Unknown personal-data cipher version.');
      const raw = Buffer.from(cipherText.slice(3), 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    lookupHash(kind, value) {
      return crypto.createHmac('sha256', macKey).update(`${kind}:${value.trim().toUpperCase()}`).digest('hex');
    },
  };
}

/**
 * The master key: from GONGZHI_DATA_KEY when set (production), otherwise a key file created once in the
 * data directory, so a first `npm start` needs no configuration. Losing that file loses the data.
 */
export function loadMasterKey(configuredKey: string | undefined, dataDir: string): Buffer {
  if (configuredKey) {
    const key = Buffer.from(configuredKey, 'base64');
    if (key.length !== 32) throw new Error('GONGZHI_DATA_KEY must be 32 bytes, base64-encoded.');
    return key;
  }
  const file = path.join(dataDir, 'keys', 'personal-data.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

/** 3301**********123X: region prefix and the last four only. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(14)}` : '***';
}
