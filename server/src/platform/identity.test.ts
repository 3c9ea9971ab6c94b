import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, isMainlandMobile, isStrongPassword, isValidIdNumber } from './identity.ts';

describe('ID numbers (GB 11643)', () => {
  const valid = (first17: string) => first17 + idNumberCheckChar(first17);

  it('accepts a number with a real region, birth date and check digit', () => {
    expect(isValidIdNumber(valid('33010519800101123'))).toBe(true);
    expect(isValidIdNumber('11010519491231002X')).toBe(true); // check character X
    expect(isValidIdNumber('11010519491231002x')).toBe(true); // lower-case x is the same number
  });

  it('refuses a wrong check digit, an unknown region, an impossible or future birth date', () => {
    const good = valid('33010519800101123');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(isValidIdNumber(wrongCheck)).toBe(false);
    expect(isValidIdNumber(valid('99010519800101123'))).toBe(false);
    expect(isValidIdNumber(valid('33010519800230123'))).toBe(false); // 30 February
    expect(isValidIdNumber(valid('33010520990101123'), new Date('2026-11-23'))).toBe(false);
    expect(isValidIdNumber('3301051980010112')).toBe(false);
  });
});

describe('phones and passwords', () => {
  it('knows mainland mobile numbers', () => {
    expect(isMainlandMobile('13800000001')).toBe(true);
    expect(isMainlandMobile('12800000001')).toBe(false);
    expect(isMainlandMobile('1380000000')).toBe(false);
  });

  it('wants 8 characters from 3 classes', () => {
    expect(isStrongPassword('Gongzhi@2026')).toBe(true);
    expect(isStrongPassword('gongzhi2026')).toBe(false); // two classes
    expect(isStrongPassword('Gz@1')).toBe(false); // too short
  });
});
