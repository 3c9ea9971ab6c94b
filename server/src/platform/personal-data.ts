import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Sensitive personal information (PIPL art. 28): encrypted at rest, found again through a keyed hash, never stored
 * in the clear. Two modes (GONGZHI_PII_CIPHER): `aes` — AES-256-GCM and HMAC-SHA256; `sm4` (国密) — SM4-CTR with
 * HMAC-SM3 over the whole ciphertext (encrypt-then-MAC) and HMAC-SM3 lookup hashes. Every key derives by HKDF from
 * one 32-byte master key; a keyring holds the current master key and retired ones so `gongzhi keys rotate` can
 * move data from one to the next (docs/security.md, "Keys").
 *
 * Ciphertexts: `v2.<keyId>.<alg>.<base64>` (keyId: 8 hex digits that name the master key without revealing it);
 * the older `v1.<base64>` (AES-256-GCM, no key id) is still read, trying the current key and then the retired ones.
 */
export type PersonalDataCipher = {
  encrypt(plain: string): string;
  decrypt(cipherText: string): string;
  lookupHash(kind: 'phone' | 'id_number', value: string): string;
  /** The current master key's id (what `v2.<keyId>.` ciphertexts written now carry). */
  readonly keyId: string;
  /** The mode new ciphertexts and lookup hashes use. */
  readonly alg: PiiAlg;
};

export type PiiAlg = 'aes' | 'sm4';
export const PII_ALGS: readonly PiiAlg[] = ['aes', 'sm4'];

/** What a personal-data cipher is built from: the current master key, the retired ones, the mode. */
export type Keyring = { current: Buffer; retired: Buffer[] };

type DerivedKey = {
  id: string;
  /** AES-256-GCM key (v1 and v2 `aes`). */
  aesKey: Buffer;
  /** HMAC-SHA256 lookup-hash key (`aes` mode). */
  aesMacKey: Buffer;
  /** Derived only when SM4 is available (HKDF-SM3, so a 国密 deployment uses no other primitive for its data). */
  sm4?: { encKey: Buffer; ctMacKey: Buffer; lookupKey: Buffer };
};

const hkdf = (digest: string, key: Buffer, info: string, length: number) => Buffer.from(crypto.hkdfSync(digest, key, Buffer.alloc(0), info, length));

/** The key id: 8 hex digits of SHA-256 over a key derived for naming only; the master key cannot be had from it. */
export function keyIdOf(masterKey: Buffer): string {
  return crypto.createHash('sha256').update(hkdf('sha256', masterKey, 'gongzhi/pii/key-id/v1', 32)).digest('hex').slice(0, 8);
}

/** Refuses to start in sm4 mode on an OpenSSL build without SM4-CTR or SM3, naming what is missing. */
export function assertSm4Available(): void {
  const missing = [
    ...(crypto.getCiphers().includes('sm4-ctr') ? [] : ['the cipher sm4-ctr']),
    ...(crypto.getHashes().includes('sm3') ? [] : ['the hash sm3']),
  ];
  if (missing.length > 0) {
    throw new Error(`GONGZHI_PII_CIPHER=sm4, but this Node.js/OpenSSL build lacks ${missing.join(' and ')} (openssl ${process.versions.openssl}). Use a build with SM4 and SM3 (the default OpenSSL 3 provider has them), or GONGZHI_PII_CIPHER=aes.`);
  }
}

const sm4Available = () => crypto.getCiphers().includes('sm4-ctr') && crypto.getHashes().includes('sm3');

function derive(masterKey: Buffer): DerivedKey {
  if (masterKey.length !== 32) throw new Error('The personal-data key must be 32 bytes.');
  return {
    id: keyIdOf(masterKey),
    // The v1 derivations, unchanged: existing ciphertexts and lookup hashes stay valid under the same key.
    aesKey: hkdf('sha256', masterKey, 'gongzhi/pii/enc/v1', 32),
    aesMacKey: hkdf('sha256', masterKey, 'gongzhi/pii/mac/v1', 32),
    ...(sm4Available()
      ? { sm4: { encKey: hkdf('sm3', masterKey, 'gongzhi/pii/sm4/enc/v2', 16), ctMacKey: hkdf('sm3', masterKey, 'gongzhi/pii/sm4/ct-mac/v2', 32), lookupKey: hkdf('sm3', masterKey, 'gongzhi/pii/sm4/lookup/v2', 32) } }
      : {}),
  };
}

function sm4Keys(k: DerivedKey): NonNullable<DerivedKey['sm4']> {
  if (!k.sm4) assertSm4Available();
  return k.sm4!;
}

/** The MAC covers the header (version, key id, alg) as well as IV and ciphertext: no part can be swapped. */
function sm4Mac(k: DerivedKey, header: string, iv: Buffer, body: Buffer): Buffer {
  return crypto.createHmac('sm3', sm4Keys(k).ctMacKey).update(header).update(iv).update(body).digest();
}

function encryptWith(k: DerivedKey, alg: PiiAlg, plain: string): string {
  const header = `v2.${k.id}.${alg}.`;
  if (alg === 'aes') {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', k.aesKey, iv);
    cipher.setAAD(Buffer.from(header));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return header + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('sm4-ctr', sm4Keys(k).encKey, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return header + Buffer.concat([iv, body, sm4Mac(k, header, iv, body)]).toString('base64');
}

function decryptAesGcm(k: DerivedKey, raw: Buffer, aad: string | null): string {
  if (raw.length < 28) throw new Error('Personal-data ciphertext is too short.');
  const decipher = crypto.createDecipheriv('aes-256-gcm', k.aesKey, raw.subarray(0, 12));
  if (aad !== null) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

function decryptSm4(k: DerivedKey, header: string, raw: Buffer): string {
  if (raw.length < 48) throw new Error('Personal-data ciphertext is too short.');
  const iv = raw.subarray(0, 16);
  const body = raw.subarray(16, raw.length - 32);
  const mac = raw.subarray(raw.length - 32);
  // Encrypt-then-MAC: nothing is deciphered before the MAC holds, compared in constant time.
  if (!crypto.timingSafeEqual(mac, sm4Mac(k, header, iv, body))) throw new Error('Personal-data ciphertext failed its integrity check (HMAC-SM3).');
  const decipher = crypto.createDecipheriv('sm4-ctr', sm4Keys(k).encKey, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Parsed header of a ciphertext, without decrypting it (for `keys status` and the rotation's skip test). */
export function cipherTextHeader(cipherText: string): { version: 'v1' } | { version: 'v2'; keyId: string; alg: string } | null {
  if (cipherText.startsWith('v1.')) return { version: 'v1' };
  const m = /^v2\.([0-9a-f]{8})\.([a-z0-9]+)\./.exec(cipherText);
  return m ? { version: 'v2', keyId: m[1]!, alg: m[2]! } : null;
}

/**
 * A cipher over a keyring. `createPersonalDataCipher(key)` alone is a one-key `aes` cipher (tests, throwaway uses).
 */
export function createPersonalDataCipher(masterKey: Buffer, options: { retired?: Buffer[]; alg?: PiiAlg } = {}): PersonalDataCipher {
  const alg = options.alg ?? 'aes';
  if (alg === 'sm4') assertSm4Available();
  const current = derive(masterKey);
  const byId = new Map<string, DerivedKey>([[current.id, current]]);
  for (const key of options.retired ?? []) {
    const d = derive(key);
    if (!byId.has(d.id)) byId.set(d.id, d);
  }
  const all = [...byId.values()]; // current first
  return {
    keyId: current.id,
    alg,
    encrypt: (plain) => encryptWith(current, alg, plain),
    decrypt(cipherText) {
      const header = cipherTextHeader(cipherText);
      if (!header) throw new Error('Unknown personal-data cipher version.');
      if (header.version === 'v1') {
        const raw = Buffer.from(cipherText.slice(3), 'base64');
        for (const k of all) {
          try {
            return decryptAesGcm(k, raw, null);
          } catch {
            // not this key: the GCM tag tells; try the next one
          }
        }
        throw new Error('Personal-data ciphertext (v1) opens with none of the keys in the keyring: is a retired key missing (GONGZHI_DATA_KEYS_RETIRED or keys/retired/)?');
      }
      const k = byId.get(header.keyId);
      if (!k) throw new Error(`Personal data was encrypted under key ${header.keyId}, which is not in the keyring: add it as a retired key (GONGZHI_DATA_KEYS_RETIRED or <dataDir>/keys/retired/${header.keyId}.key).`);
      const prefix = `v2.${header.keyId}.${header.alg}.`;
      const raw = Buffer.from(cipherText.slice(prefix.length), 'base64');
      if (header.alg === 'aes') return decryptAesGcm(k, raw, prefix);
      if (header.alg === 'sm4') return decryptSm4(k, prefix, raw);
      throw new Error(`Unknown personal-data cipher algorithm: ${header.alg}.`);
    },
    lookupHash(kind, value) {
      const text = `${kind}:${value.trim().toUpperCase()}`;
      if (alg === 'sm4') return crypto.createHmac('sm3', sm4Keys(current).lookupKey).update(text).digest('hex');
      return crypto.createHmac('sha256', current.aesMacKey).update(text).digest('hex');
    },
  };
}

const decodeKey = (b64: string, what: string): Buffer => {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes, base64-encoded.`);
  return key;
};

/** Where the key-file setup keeps its keys. */
export function keyPaths(dataDir: string) {
  const dir = path.join(dataDir, 'keys');
  return { dir, current: path.join(dir, 'personal-data.key'), retiredDir: path.join(dir, 'retired'), pending: path.join(dir, 'pending.key') };
}

export type LoadedKeyring = Keyring & {
  source: 'env' | 'file';
  /** A rotation's new key, not yet current (key-file setup; rotation interrupted or running). */
  pending: Buffer | null;
};

/**
 * The keyring. Current key: GONGZHI_DATA_KEY when set (production), otherwise a key file created once in the data
 * directory, so a first `npm start` needs no configuration (losing that file loses the data). Retired keys:
 * GONGZHI_DATA_KEYS_RETIRED (comma-separated base64) and `<dataDir>/keys/retired/*.key`. An interrupted rotation's
 * pending key is read too, so rows it already moved stay readable.
 */
export function loadKeyring(configuredKey: string | undefined, retiredKeys: string[], dataDir: string): LoadedKeyring {
  const p = keyPaths(dataDir);
  let current: Buffer;
  if (configuredKey) {
    current = decodeKey(configuredKey, 'GONGZHI_DATA_KEY');
  } else {
    if (!fs.existsSync(p.current)) {
      fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(p.current, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    current = decodeKey(fs.readFileSync(p.current, 'utf8'), p.current);
  }
  const retired = retiredKeys.map((k, i) => decodeKey(k, `GONGZHI_DATA_KEYS_RETIRED (key ${i + 1})`));
  if (fs.existsSync(p.retiredDir)) {
    for (const f of fs.readdirSync(p.retiredDir).filter((n) => n.endsWith('.key')).sort()) {
      retired.push(decodeKey(fs.readFileSync(path.join(p.retiredDir, f), 'utf8'), path.join(p.retiredDir, f)));
    }
  }
  const pending = !configuredKey && fs.existsSync(p.pending) ? decodeKey(fs.readFileSync(p.pending, 'utf8'), p.pending) : null;
  return { current, retired, pending, source: configuredKey ? 'env' : 'file' };
}

/** The cipher the server uses: current key, then retired keys (and a pending one) for reading only. */
export function cipherFromKeyring(ring: LoadedKeyring, alg: PiiAlg): PersonalDataCipher {
  return createPersonalDataCipher(ring.current, { retired: [...ring.retired, ...(ring.pending ? [ring.pending] : [])], alg });
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

/** 3301**********123X: region prefix and the last four only. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(14)}` : '***';
}
