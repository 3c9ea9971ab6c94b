import crypto from 'node:crypto';
import type { Clock } from './context.ts';
import { STAFF_ROLES, type RoleName } from './roles.ts';
import type { ActiveRole } from './scope.ts';

/**
 * The second factor (双因素认证, DESIGN.md: staff with authority over a street or more): TOTP per RFC 6238
 * (HOTP, RFC 4226, over 30-second steps), with node:crypto only — any authenticator app (Google/Microsoft
 * Authenticator, 腾讯身份验证器, FreeOTP) reads the otpauth:// URL. Recovery codes are kept only as hashes.
 *
 * What is here is the algorithm, enrolment material, verification with replay protection and the rule of
 * who must use it. Storing the secret (encrypted with the personal-data cipher), the enrolment endpoints and
 * the step at sign-in need a table and are not built yet (docs/security.md).
 */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type TotpOptions = { digits?: number; periodS?: number; algorithm?: TotpAlgorithm };

const DEFAULTS = { digits: 6, periodS: 30, algorithm: 'sha1' as TotpAlgorithm };
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error('not base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter, dynamic truncation, the last `digits` digits. */
export function hotp(secret: Uint8Array, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac(algorithm, secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

export const totpStep = (at: Date, periodS = DEFAULTS.periodS) => Math.floor(at.getTime() / 1000 / periodS);

export function totp(secret: Uint8Array, at: Date, options: TotpOptions = {}): string {
  const o = { ...DEFAULTS, ...options };
  return hotp(secret, totpStep(at, o.periodS), o.digits, o.algorithm);
}

/**
 * Checks a code against the steps around now (±`window`, for clocks a little apart) and refuses a step at or
 * before `lastUsedStep`, so a code seen over a shoulder cannot be replayed. Returns the step to store as the
 * new lastUsedStep, or null.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  clock: Clock,
  options: TotpOptions & { window?: number; lastUsedStep?: number | null } = {},
): number | null {
  const o = { ...DEFAULTS, ...options };
  if (!new RegExp(`^\\d{${o.digits}}$`).test(code)) return null;
  const now = totpStep(clock.now(), o.periodS);
  const window = options.window ?? 1;
  for (let step = now - window; step <= now + window; step++) {
    if (options.lastUsedStep != null && step <= options.lastUsedStep) continue;
    const expected = hotp(secret, step, o.digits, o.algorithm);
    if (crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(code))) return step;
  }
  return null;
}

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits for SHA-1). */
export function newTotpSecret(): Buffer {
  return crypto.randomBytes(20);
}

/** What an authenticator app scans (Key Uri Format): issuer 共治, the account as label. */
export function otpauthUrl(secret: Uint8Array, account: string, issuer = '共治 Gongzhi'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({ secret: base32Encode(secret), issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${q.toString()}`;
}

/**
 * Ten single-use recovery codes, 10 base32 characters (50 bits) each, shown once as XXXXX-XXXXX. With that much
 * entropy a plain SHA-256 is enough to keep them (no slow hash needed); compare hashes, never codes.
 */
export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const c = base32Encode(crypto.randomBytes(7)).slice(0, 10);
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(`gongzhi-recovery:${code.toUpperCase().replace(/[\s-]/g, '')}`).digest('hex');
}

/** The index of the stored hash this code matches (to strike it out), or -1. */
export function matchRecoveryCode(code: string, storedHashes: readonly string[]): number {
  const h = Buffer.from(hashRecoveryCode(code), 'hex');
  return storedHashes.findIndex((s) => s.length === 64 && crypto.timingSafeEqual(h, Buffer.from(s, 'hex')));
}

const SECOND_FACTOR_ROLES: readonly RoleName[] = [...STAFF_ROLES, 'system_admin', 'security_admin', 'audit_admin'];

/**
 * Who must use a second factor: anyone holding a staff or administrator role at a street or the district
 * (a place path of one or two segments: /district/ or /district/street/).
 */
export function needsSecondFactor(roles: readonly ActiveRole[]): boolean {
  return roles.some((r) => SECOND_FACTOR_ROLES.includes(r.role) && r.placePath.split('/').filter(Boolean).length <= 2);
}
