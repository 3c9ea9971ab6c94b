import type { Db } from '../db/create-db.ts';
import { cipherTextHeader, type PersonalDataCipher } from './personal-data.ts';

/**
 * Before serving: the people table's first and last rows must be under the current key and mode. Lookup hashes carry
 * no key id, so a server started with a key or mode the data was not rotated to would fail every sign-in by phone
 * without a word; this says so at start-up instead, and what to do.
 */
export async function assertDataUnderCurrentKey(db: Db, cipher: PersonalDataCipher): Promise<void> {
  const ends = await Promise.all(['asc', 'desc'].map((dir) => db.selectFrom('people').select('phone_cipher').orderBy('id', dir as 'asc' | 'desc').limit(1).executeTakeFirst()));
  for (const row of ends) {
    if (!row) continue;
    const h = cipherTextHeader(row.phone_cipher);
    const keyId = h?.version === 'v2' ? h.keyId : null;
    const alg = h?.version === 'v2' ? h.alg : 'aes';
    if (keyId !== null && keyId !== cipher.keyId) {
      throw new Error(`Personal data is under key ${keyId} but the current key is ${cipher.keyId}: finish \`gongzhi keys rotate\` (run it again), or set GONGZHI_DATA_KEY back to key ${keyId}.`);
    }
    if (alg !== cipher.alg) {
      throw new Error(`Personal data is encrypted in ${alg} mode but GONGZHI_PII_CIPHER=${cipher.alg}: set GONGZHI_PII_CIPHER=${alg}, or switch with \`GONGZHI_PII_CIPHER=${cipher.alg} gongzhi keys rotate\`.`);
    }
  }
}
