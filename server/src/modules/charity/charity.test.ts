import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let worker: Session;
let otherWorker: Session;
let resident: Session;
let outsider: Session;
let driveId: number;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
  otherWorker = await mk('社工丙', [{ role: 'community_worker', place: p.C3! }]);
  resident = await mk('居民王', [{ role: 'resident', place: p['A-h1']! }]);
  outsider = await mk('居民外', [{ role: 'volunteer', place: p.C3! }]);
});
afterAll(() => t.close());

const entries = async () => Number((await t.deps.db.selectFrom('charity_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const post = (s: Session, body: Record<string, unknown>, key?: string) =>
  t.app.inject({ method: 'POST', url: `/api/charity/drives/${driveId}/entries`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(key ? { 'idempotency-key': key } : {}) }, payload: body });
const at = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();

describe('micro-charity (微公益)', () => {
  it('starts a drive at a community, with sensible dates, by its managers', async () => {
    const body = { placeId: tree.places.C1!.id, kind: 'drive', title: '暖冬行动', description: '为社区困难老人募集冬被和过冬善款', goalFen: 1_000_000, goodsWanted: '冬被、棉衣', startsAt: at(0), endsAt: at(30) };
    expect((await as(t.app, worker).post('/api/charity/drives', { ...body, endsAt: at(-1) })).json().code).toBe('CHARITY_DATES_INVALID');
    expect((await as(t.app, worker).post('/api/charity/drives', { ...body, endsAt: at(400) })).json().code).toBe('CHARITY_DATES_INVALID');
    expect((await as(t.app, worker).post('/api/charity/drives', { ...body, goalFen: -5 })).statusCode).toBe(400);
    expect((await as(t.app, otherWorker).post('/api/charity/drives', body)).statusCode).toBe(404);
    expect((await as(t.app, resident).post('/api/charity/drives', body)).statusCode).toBe(403);
    expect((await as(t.app, worker).get('/api/charity/places')).json().items.map((p: { name: string }) => p.name)).toEqual(['甲社区', 'A小区', 'B小区']);
    expect((await as(t.app, resident).get('/api/charity/places')).statusCode).toBe(403);
    const created = await as(t.app, worker).post('/api/charity/drives', body);
    expect(created.statusCode).toBe(201);
    driveId = created.json().drive.id;
    expect(created.json().drive).toMatchObject({ title: '暖冬行动', status: 'open', totals: { money: { pledgedFen: 0, receivedFen: 0, disbursedFen: 0, balanceFen: 0 }, goods: [] } });
  });

  it('records pledges, receipts and disbursements; nothing goes out that did not come in, and a refused line writes nothing', async () => {
    const pledge = await post(worker, { kind: 'pledge', form: 'money', amountFen: 50_000, donorName: '张明', showDonor: true });
    expect(pledge.statusCode).toBe(201);
    const pledgeId = pledge.json().entries[0].id;
    expect((await post(worker, { kind: 'receipt', form: 'money', amountFen: 30_000, donorName: '张明', showDonor: true, pledgeId })).statusCode).toBe(201);
    expect((await post(worker, { kind: 'receipt', form: 'money', amountFen: 20_000, donorName: '李静' })).statusCode).toBe(201);
    expect((await post(worker, { kind: 'receipt', form: 'goods', item: '冬被（床）', quantity: 10, donorName: '某超市', showDonor: true })).statusCode).toBe(201);
    const n = await entries();

    // More than came in: refused with the figures, in both languages.
    const over = await post(worker, { kind: 'disbursement', form: 'money', amountFen: 60_000, counterpart: '为 3 户困难老人购买电暖器' });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'CHARITY_INSUFFICIENT_FUNDS', availableFen: 50_000 });
    expect(over.json().message).toContain('600.00');
    expect(over.json().message).toContain('500.00');
    const en = await t.app.inject({ method: 'POST', url: `/api/charity/drives/${driveId}/entries`, headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrf, 'accept-language': 'en-US' }, payload: { kind: 'disbursement', form: 'money', amountFen: 60_000, counterpart: '电暖器' } });
    expect(en.json().message).toMatch(/only money that came in can go out/);
    expect((await post(worker, { kind: 'disbursement', form: 'goods', item: '冬被（床）', quantity: 11, counterpart: '送 11 户老人' })).json()).toMatchObject({ code: 'CHARITY_INSUFFICIENT_GOODS', available: 10 });
    expect((await post(worker, { kind: 'disbursement', form: 'goods', item: '棉衣（件）', quantity: 1, counterpart: '送 1 户' })).json().code).toBe('CHARITY_INSUFFICIENT_GOODS');
    // A receipt beyond what the pledge still owes.
    expect((await post(worker, { kind: 'receipt', form: 'money', amountFen: 30_000, pledgeId })).json().code).toBe('CHARITY_PLEDGE_MISMATCH');
    expect((await post(worker, { kind: 'receipt', form: 'goods', item: '冬被（床）', quantity: 1, pledgeId })).json().code).toBe('CHARITY_PLEDGE_MISMATCH');
    // Malformed lines: a negative or absurd amount, money with an item, a disbursement that does not say where.
    for (const bad of [
      { kind: 'receipt', form: 'money', amountFen: -100 },
      { kind: 'receipt', form: 'money', amountFen: 12.5 },
      { kind: 'receipt', form: 'money', amountFen: 1e12 },
      { kind: 'receipt', form: 'money', amountFen: 100, item: '米' },
      { kind: 'receipt', form: 'goods', item: '米（袋）' },
      { kind: 'disbursement', form: 'money', amountFen: 100 },
      { kind: 'pledge', form: 'money', amountFen: 100, pledgeId },
      { kind: 'receipt', form: 'money', amountFen: 100, showDonor: true },
    ]) {
      const res = await post(worker, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await post(worker, { kind: 'receipt', form: 'money', amountFen: 100, occurredAt: at(2) })).statusCode).toBe(400);
    expect((await post(otherWorker, { kind: 'receipt', form: 'money', amountFen: 100 })).statusCode).toBe(404);
    expect(await entries()).toBe(n);

    // Within what came in: fine, down to zero, and not one fen more.
    const out = await post(worker, { kind: 'disbursement', form: 'money', amountFen: 50_000, counterpart: '为 5 户困难老人购买电暖器（发票已存档）' });
    expect(out.statusCode).toBe(201);
    expect(out.json().drive.totals.money).toEqual({ pledgedFen: 50_000, receivedFen: 50_000, disbursedFen: 50_000, balanceFen: 0, outstandingPledgesFen: 20_000 });
    expect((await post(worker, { kind: 'disbursement', form: 'money', amountFen: 1, counterpart: '一分钱' })).json().code).toBe('CHARITY_INSUFFICIENT_FUNDS');
    const goods = await post(worker, { kind: 'disbursement', form: 'goods', item: '冬被（床）', quantity: 10, counterpart: '送到 10 户独居老人家中' });
    expect(goods.json().drive.totals.goods).toEqual([{ item: '冬被（床）', pledged: 0, received: 10, disbursed: 10, balance: 0 }]);
    const ledger = (await as(t.app, worker).get(`/api/charity/drives/${driveId}`)).json();
    expect(ledger.entries.find((e: { id: number }) => e.id === pledgeId)).toMatchObject({ outstandingFen: 20_000, donorName: '张明', recordedBy: '社工陈' });
  });

  it('lets two disbursements race for the same balance: exactly one wins', async () => {
    await post(worker, { kind: 'receipt', form: 'money', amountFen: 50_000, donorName: '王芳' });
    const [a, b] = await Promise.all([
      post(worker, { kind: 'disbursement', form: 'money', amountFen: 30_000, counterpart: '购买米面油 A' }),
      post(worker, { kind: 'disbursement', form: 'money', amountFen: 30_000, counterpart: '购买米面油 B' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const totals = (await as(t.app, worker).get(`/api/charity/drives/${driveId}`)).json().drive.totals.money;
    expect(totals.balanceFen).toBe(20_000);
  });

  it('records a line once per Idempotency-Key, and never changes or deletes a line', async () => {
    const n = await entries();
    const first = await post(worker, { kind: 'receipt', form: 'money', amountFen: 8_800 }, 'charity-receipt-0001');
    const second = await post(worker, { kind: 'receipt', form: 'money', amountFen: 8_800 }, 'charity-receipt-0001');
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(await entries()).toBe(n + 1);
    await expect(sql`update charity_entries set amount_fen = 1 where drive_id = ${driveId}`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from charity_entries where drive_id = ${driveId}`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });

  it('publishes the ledger to anyone, with donors named only by consent', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/charity-drives/${driveId}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('张明');
    expect(res.body).toContain('某超市');
    expect(res.body).not.toContain('李静');
    expect(res.body).not.toContain('王芳');
    expect(res.body).not.toContain('社工陈');
    const body = res.json();
    expect(body.drive.totals.money).toMatchObject({ receivedFen: 108_800, disbursedFen: 80_000, balanceFen: 28_800 });
    expect(body.entries.filter((e: { kind: string }) => e.kind === 'disbursement').map((e: { counterpart: string }) => e.counterpart)).toContain('送到 10 户独居老人家中');
    expect((await t.app.inject({ method: 'GET', url: '/api/public/charity-drives/999999' })).statusCode).toBe(404);
    // The H5: residents of the community see its drives; a volunteer of another community does not.
    expect((await as(t.app, resident).get('/api/me/charity-drives')).json().items.map((d: { id: number }) => d.id)).toEqual([driveId]);
    expect((await as(t.app, outsider).get('/api/me/charity-drives')).json().items).toEqual([]);
    expect((await as(t.app, resident).get(`/api/charity/drives/${driveId}`)).statusCode).toBe(403);
  });

  it('takes no pledges or receipts once closed, but what came in can still go out', async () => {
    const closed = await as(t.app, worker).post(`/api/charity/drives/${driveId}/close`);
    expect(closed.json().drive.status).toBe('closed');
    expect((await post(worker, { kind: 'receipt', form: 'money', amountFen: 100 })).json().code).toBe('CHARITY_DRIVE_CLOSED');
    expect((await post(worker, { kind: 'disbursement', form: 'money', amountFen: 28_800, counterpart: '余款转入下一期暖冬行动' })).statusCode).toBe(201);
    expect((await as(t.app, worker).post(`/api/charity/drives/${driveId}/close`)).json().code).toBe('CHARITY_DRIVE_CLOSED');
  });
});
