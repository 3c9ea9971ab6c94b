import { describe, expect, it } from 'vitest';
import { testClock } from '../../test/helpers.ts';
import {
  base32Decode, base32Encode, hashRecoveryCode, hotp, matchRecoveryCode, needsSecondFactor, newRecoveryCodes, newTotpSecret, otpauthUrl, totp, verifyTotp,
} from './totp.ts';
import type { ActiveRole } from './scope.ts';

const ascii = (s: string) => Buffer.from(s, 'ascii');

describe('HOTP and TOTP against the RFCs', () => {
  it('matches RFC 4226 appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(ascii('12345678901234567890'), counter)).toBe(code));
  });

  it('matches RFC 6238 appendix B (8 digits, SHA-1, SHA-256, SHA-512)', () => {
    const secrets = { sha1: ascii('12345678901234567890'), sha256: ascii('12345678901234567890123456789012'), sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234') };
    const table: [number, string, string, string][] = [
      [59, '94287082', '46119246', '90693936'],
      [1111111109, '07081804', '68084774', '25091201'],
      [1111111111, '14050471', '67062674', '99943326'],
      [1234567890, '89005924', '91819424', '93441116'],
      [2000000000, '69279037', '90698825', '38618901'],
      [20000000000, '65353130', '77737706', '47863826'],
    ];
    for (const [t, s1, s256, s512] of table) {
      const at = new Date(t * 1000);
      expect(totp(secrets.sha1, at, { digits: 8 })).toBe(s1);
      expect(totp(secrets.sha256, at, { digits: 8, algorithm: 'sha256' })).toBe(s256);
      expect(totp(secrets.sha512, at, { digits: 8, algorithm: 'sha512' })).toBe(s512);
    }
  });

  it('round-trips base32 (RFC 4648 vectors)', () => {
    expect(base32Encode(ascii('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    const s = newTotpSecret();
    expect(base32Decode(base32Encode(s))).toEqual(s);
  });
});

describe('verification with the injected clock', () => {
  it('accepts the current code and one step either side, nothing further, and never the same step twice', () => {
    const clock = testClock(new Date('2026-11-23T08:00:10Z'));
    const secret = newTotpSecret();
    const now = totp(secret, clock.now());
    const step = verifyTotp(secret, now, clock);
    expect(step).not.toBeNull();
    // Replay of the same code is refused once its step is stored.
    expect(verifyTotp(secret, now, clock, { lastUsedStep: step })).toBeNull();
    // The previous step's code is still good 30 s later (clock skew), two steps later it is not.
    const previous = totp(secret, clock.now());
    clock.advance(30_000);
    expect(verifyTotp(secret, previous, clock)).toBe(step);
    clock.advance(30_000);
    expect(verifyTotp(secret, previous, clock)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', clock)).toBeNull();
    expect(verifyTotp(secret, '12345', clock)).toBeNull();
  });

  it('builds an otpauth URL an authenticator app reads', () => {
    const secret = base32Decode('JBSWY3DPEHPK3PXP');
    const url = new URL(otpauthUrl(secret, '138****0002'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/共治 Gongzhi:138****0002');
    expect(Object.fromEntries(url.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: '共治 Gongzhi', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('recovery codes', () => {
  it('are ten distinct single-use codes kept only as hashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    const stored = codes.map(hashRecoveryCode);
    for (const s of stored) expect(s).not.toContain(codes[0]!.replace('-', ''));
    expect(matchRecoveryCode(codes[3]!.toLowerCase().replace('-', ' '), stored)).toBe(3);
    expect(matchRecoveryCode('AAAAA-AAAAA', stored)).toBe(-1);
  });
});

describe('who needs a second factor', () => {
  const role = (r: ActiveRole['role'], placePath: string): ActiveRole => ({ id: 1, role: r, placeId: 1, placePath, districtId: 1 });
  it('staff and administrators at a street or the district, not below and not residents', () => {
    expect(needsSecondFactor([role('street_admin', '/1/5/')])).toBe(true);
    expect(needsSecondFactor([role('district_admin', '/1/')])).toBe(true);
    expect(needsSecondFactor([role('audit_admin', '/1/')])).toBe(true);
    expect(needsSecondFactor([role('community_worker', '/1/5/9/')])).toBe(false);
    expect(needsSecondFactor([role('commissioner', '/1/5/9/23/')])).toBe(false);
    expect(needsSecondFactor([role('resident', '/1/')])).toBe(false);
    expect(needsSecondFactor([role('commissioner', '/1/5/9/23/'), role('grid_worker', '/1/5/')])).toBe(true);
  });
});
