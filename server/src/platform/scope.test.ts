import { describe, expect, it } from 'vitest';
import { assertInScope, pathInScope, scopeFor, type ActiveRole } from './scope.ts';

const role = (r: Partial<ActiveRole> & Pick<ActiveRole, 'role' | 'placePath'>): ActiveRole => ({
  id: 1,
  placeId: 1,
  districtId: 1,
  ...r,
});

describe('scopeFor', () => {
  it('reaches the subtree of each role place and nothing sideways', () => {
    const scope = scopeFor([role({ role: 'commissioner', placePath: '/1/2/3/4/' })], 'people.read');
    expect(pathInScope(scope, '/1/2/3/4/')).toBe(true);
    expect(pathInScope(scope, '/1/2/3/4/9/10/')).toBe(true);
    expect(pathInScope(scope, '/1/2/3/5/')).toBe(false);
    expect(pathInScope(scope, '/1/2/3/')).toBe(false);
    // '/1/2/3/4' must not match '/1/2/3/41/': paths end with a slash for this reason.
    expect(pathInScope(scope, '/1/2/3/41/')).toBe(false);
  });

  it('keeps only the widest of nested paths', () => {
    const scope = scopeFor(
      [role({ role: 'street_admin', placePath: '/1/2/' }), role({ role: 'commissioner', placePath: '/1/2/3/4/' })],
      'people.read',
    );
    expect(scope.paths).toEqual(['/1/2/']);
  });

  it('ignores roles that do not carry the permission and refuses when none does', () => {
    expect(() => scopeFor([role({ role: 'resident', placePath: '/1/' })], 'people.read')).toThrowError('FORBIDDEN');
    const scope = scopeFor(
      [role({ role: 'resident', placePath: '/1/' }), role({ role: 'commissioner', placePath: '/1/2/3/4/' })],
      'people.read',
    );
    expect(scope.paths).toEqual(['/1/2/3/4/']);
  });

  it('answers out-of-scope as not found', () => {
    const scope = scopeFor([role({ role: 'commissioner', placePath: '/1/2/3/4/' })], 'places.read');
    expect(() => assertInScope(scope, '/1/2/3/5/')).toThrowError('NOT_FOUND');
    expect(() => assertInScope(scope, undefined)).toThrowError('NOT_FOUND');
    expect(() => assertInScope(scope, '/1/2/3/4/7/')).not.toThrow();
  });
});
