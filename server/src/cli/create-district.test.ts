import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type TestApp } from '../../test/helpers.ts';
import { nextPhone, PASSWORD } from '../../test/factories.ts';
import { createAdmin } from './create-admin.ts';
import { createDistrict } from './create-district.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('gongzhi create-district', () => {
  it('creates a district root an administrator can be put on, which then works with default categories', async () => {
    const id = await createDistrict(t.deps, { code: '330105', name: '拱墅区' });
    const place = await t.deps.db.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(place).toMatchObject({ district_id: id, parent_id: null, kind: 'district', name: '拱墅区', code: '330105', path: `/${id}/` });
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'district_id']).where('target_id', '=', String(id)).where('action', '=', 'cli.create_district').execute();
    expect(audit).toEqual([{ action: 'cli.create_district', district_id: id }]);

    const phone = nextPhone();
    await createAdmin({ db: t.deps.db, cipher: t.deps.cipher }, { phone, name: '新区管理员', password: PASSWORD, role: 'district_admin', districtCode: '330105' });
    // The CLI grants from the wall clock; the test app runs on an earlier injected one.
    await t.deps.db.updateTable('role_assignments').set({ valid_from: new Date(t.deps.clock.now().getTime() - 60_000) }).where('place_id', '=', id).execute();
    const session = await signIn(t.app, phone, PASSWORD);
    const categories = await as(t.app, session).get('/api/request-categories');
    expect(categories.statusCode).toBe(200);
    expect(categories.json().length).toBeGreaterThanOrEqual(10);
    const root = await as(t.app, session).get(`/api/places/${id}`);
    expect(root.json()).toMatchObject({ id });
  });

  it('refuses a taken code, a malformed code and an empty name, writing nothing', async () => {
    await createDistrict(t.deps, { code: 'GZ-TEST', name: '测试区' });
    const count = async () => Number((await t.deps.db.selectFrom('places').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await expect(createDistrict(t.deps, { code: 'GZ-TEST', name: '又一个' })).rejects.toThrow(/already exists/);
    await expect(createDistrict(t.deps, { code: 'a b', name: '坏编码' })).rejects.toThrow(/--code/);
    await expect(createDistrict(t.deps, { code: 'GZ-OK', name: '  ' })).rejects.toThrow(/--name/);
    expect(await count()).toBe(before);
  });
});
