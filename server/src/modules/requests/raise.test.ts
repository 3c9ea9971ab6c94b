import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { forgetDistrictSetup } from './categories.ts';
import * as repo from './requests.repository.ts';

/**
 * Raising answers from what it wrote (no read-back) and keeps each district's categories and calendar in the
 * process (categories.ts): the answer must be exactly what reading the request back gives, and a change to the
 * setup must apply to the next request once forgetDistrictSetup is called.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let resident: Session;
let categories: { id: number; code: string }[];
const cat = (code: string) => categories.find((c) => c.code === code)!.id;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const { phone } = await createPerson(t.deps, tree.districtId, '居民张', [{ role: 'resident', place: tree.places['A-h1']! }]);
  await createPerson(t.deps, tree.districtId, '专员王', [{ role: 'commissioner', place: tree.places.A! }]);
  resident = await signIn(t.app, phone, PASSWORD);
  categories = (await as(t.app, resident).get('/api/request-categories')).json();
});
afterAll(() => t.close());

async function photo(color: string): Promise<string> {
  const file = await sharp({ create: { width: 40, height: 30, channels: 3, background: color } }).jpeg().toBuffer();
  const boundary = '----gongzhi-raise-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/request-photos',
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: resident.cookie, 'x-csrf-token': resident.csrf },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

function raise(body: Record<string, unknown>, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/me/requests',
    payload: { compoundId: tree.places.A!.id, categoryId: cat('repairs'), type: 'help', description: '楼道灯不亮', urgency: 'normal', ...body },
    headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf, ...(key ? { 'idempotency-key': key } : {}) },
  });
}

describe('raising a request answers from what it wrote', () => {
  it('answers exactly what reading the request back answers: photos, place, timeline, actions', async () => {
    const photos = [await photo('#c33'), await photo('#3c3')];
    const res = await raise({ photoIds: photos, locationPlaceId: tree.places['A-b1']!.id, locationText: '1幢门口' }, 'raise-test-1');
    expect(res.statusCode).toBe(201);
    const written = res.json();
    const read = (await as(t.app, resident).get(`/api/me/requests/${written.id}`)).json();
    expect(written).toEqual(read);
    expect(written.photos.map((p: { id: string }) => p.id).sort()).toEqual([...photos].sort());
    expect(written.locationPlace).toEqual({ id: tree.places['A-b1']!.id, name: '1幢' });
    expect(written.timeline).toHaveLength(1);
    expect(written.timeline[0]).toMatchObject({ kind: 'raised', actorName: '居民张', toStatus: 'submitted', data: { channel: 'h5', photos: 2 } });
    expect(written.resident).toEqual({ id: resident.personId, name: '居民张' });
    // A replayed key answers the same request, read back.
    const again = await raise({ photoIds: [] }, 'raise-test-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(read);
  });
});

describe('the district setup cache', () => {
  it('applies a category change to the next request once forgetDistrictSetup is called', async () => {
    expect((await raise({ categoryId: cat('pets') })).statusCode).toBe(201);
    await repo.updateCategory(t.deps.db, cat('pets'), { active: false });
    forgetDistrictSetup(tree.districtId);
    const refused = await raise({ categoryId: cat('pets') });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toEqual([{ path: ['categoryId'], message: 'unknown category' }]);
    await repo.updateCategory(t.deps.db, cat('pets'), { active: true, response_minutes: 10 });
    forgetDistrictSetup(tree.districtId);
    const r = (await raise({ categoryId: cat('pets') })).json();
    expect(new Date(r.responseDueAt).getTime() - new Date(r.createdAt).getTime()).toBe(10 * 60_000);
  });

  it('accepts a category this process has not cached yet (made elsewhere) by asking the database', async () => {
    expect((await raise({})).statusCode).toBe(201); // the cache holds the district now
    const [row] = await t.deps.db
      .insertInto('request_categories')
      .values({ district_id: tree.districtId, code: 'graffiti', name_zh: '乱涂乱画', name_en: 'Graffiti', default_party: 'property', response_minutes: 60, resolution_minutes: 1440, working_time: false, sort: 99 })
      .returning('id')
      .execute();
    const res = await raise({ categoryId: row!.id });
    expect(res.statusCode).toBe(201);
    expect(res.json().category.name).toBe('乱涂乱画');
  });

  it('moves working-time deadlines when the holiday table changes and the cache is told', async () => {
    // 2026-11-23 is a Monday; the test clock stands at 10:00 Beijing time. 邻里纠纷 counts 120 working minutes.
    const before = (await raise({ categoryId: cat('neighbour_dispute') })).json();
    expect(before.responseDueAt).toBe('2026-11-23T04:00:00.000Z'); // 12:00 Beijing
    await repo.insertHolidays(t.deps.db, [{ district_id: tree.districtId, day: '2026-11-23', kind: 'holiday', name: '区庆' }]);
    forgetDistrictSetup(tree.districtId);
    const after = (await raise({ categoryId: cat('neighbour_dispute') })).json();
    expect(after.responseDueAt).toBe('2026-11-24T02:30:00.000Z'); // Tuesday 10:30 Beijing: 08:30 + 120 min
  });
});
