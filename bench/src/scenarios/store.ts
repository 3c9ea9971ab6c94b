import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../../server/src/db/create-db.ts';
import { earnPoints } from '../../../server/src/modules/points/earn.ts';
import { prepareGet, preparePost, type PreparedRequest, type Target } from '../lib/http-load.ts';
import { startPrivatePostgres } from '../lib/postgres.ts';
import type { BenchOptions, BenchRow } from '../report.ts';
import { httpRun, measure, prepareDatabase, startServer } from './places.ts';
import { api, benchResidents, COMMUNITY_WORKER, PASSWORD, settle, signIn, type Session } from './requests.ts';

/**
 * `store` (贡享超市), on PostgreSQL: redemptions (POST /api/store/listings/:id/redeem, each with its own
 * Idempotency-Key) by 64 bench residents holding plenty of points,
 *   redeem hot item     every buyer on one listing of the demo shop (stock 1,000,000): every redemption queues on
 *                       that listing's row and on the shop's points account
 *   redeem many items   buyers spread over 128 listings of 32 approved bench merchants (4 each)
 *   my points           GET /api/me/points, a read on the same accounts, for scale
 * After the rows, the ledger's reconciliation (GET /api/points/summary as the district admin) must show no account
 * whose stored balance differs from the sum of its entries, and no listing below zero stock.
 */
type Log = (line: string) => void;
const BUYERS = 64;
const MERCHANTS = 32;
const PER_MERCHANT = 4;
const MERCHANT = { phone: '13800000017', password: PASSWORD };
const DISTRICT_ADMIN = { phone: '13800000001', password: PASSWORD };

async function ok<T>(p: Promise<{ status: number; json: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}
const write = <T>(target: Target, s: Session, method: string, p: string, body: unknown) =>
  ok(api<T>(target, s, method, p, body, { 'idempotency-key': `bench-${crypto.randomUUID()}` }), `${method} ${p}`);

/** Points through the ledger's own earnPoints (a volunteer-hour rule), so balances, entries and lots agree. */
export async function givePoints(url: string, districtId: number, people: number[], points: number, tag: string): Promise<void> {
  const h = await createDb({ databaseUrl: url, poolSize: 2 });
  try {
    await h.db.insertInto('points_rules').values({ district_id: districtId, rule: 'volunteer_hour', points_per_unit: 10, active: true, updated_by: null })
      .onConflict((oc) => oc.columns(['district_id', 'rule']).doUpdateSet({ points_per_unit: 10, active: true })).execute();
    for (const personId of people) {
      await h.db.transaction().execute((trx) => earnPoints(trx, {
        districtId, personId, rule: 'volunteer_hour', quantity: points / 10, sourceType: 'bench', sourceId: tag, idempotencyKey: `bench:${tag}:${personId}`, at: new Date(),
      }));
    }
  } finally {
    await h.db.destroy();
  }
}

export async function runStore(o: BenchOptions, log: Log, info: Record<string, string>): Promise<BenchRow[]> {
  if (o.dbs.length !== 1 || o.dbs[0] !== 'postgres') throw new Error('store runs on PostgreSQL only: pass --db postgres');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-'));
  const rows: BenchRow[] = [];
  let privatePg: Awaited<ReturnType<typeof startPrivatePostgres>> | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    let url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) {
      privatePg = await startPrivatePostgres(log);
      url = privatePg.url;
      info.postgres = privatePg.version;
    } else info.postgres = 'PostgreSQL (given by DATABASE_URL / BENCH_DATABASE_URL)';
    const dataDir = fs.mkdtempSync(path.join(tmp, 'data-postgres-'));
    await prepareDatabase(tmp, 'postgres', dataDir, url, o.analyze, log);
    server = await startServer(tmp, 'postgres', dataDir, url, log);
    const target = server.target;
    const tag = crypto.randomBytes(4).toString('hex');

    const res = await benchResidents(target, BUYERS, tag);
    const worker = await signIn(target, COMMUNITY_WORKER);
    const shopOwner = await signIn(target, MERCHANT);
    const me = await ok(api<{ items: { id: number; place: { id: number } }[] }>(target, shopOwner, 'GET', '/api/me/store/merchants'), 'demo shop');
    const demoShop = me.items[0];
    if (!demoShop) throw new Error('13800000017 owns no shop: is the demo store seeded?');
    const hot = await write<{ id: number }>(target, shopOwner, 'POST', `/api/store/merchants/${demoShop.id}/listings`, { kind: 'goods', title: '压测爆款', pricePoints: 1, stock: 1_000_000 });

    // 32 bench residents open shops in the compound, the community worker approves them, each lists 4 items.
    const many: number[] = [];
    for (let i = 0; i < MERCHANTS; i++) {
      const owner = res.residents[i]!;
      const m = await write<{ id: number }>(target, owner, 'POST', '/api/store/merchants', { kind: i % 4 ? 'merchant' : 'talent', name: `压测商家${i + 1}`, placeId: res.compound.id });
      await write(target, worker, 'POST', `/api/store/merchants/${m.id}/decision`, { decision: 'approve' });
      for (let j = 0; j < PER_MERCHANT; j++) {
        many.push((await write<{ id: number }>(target, owner, 'POST', `/api/store/merchants/${m.id}/listings`, { kind: 'goods', title: `压测商品${i + 1}-${j + 1}`, pricePoints: 1, stock: 1_000_000 })).id);
      }
    }
    const admin = await signIn(target, DISTRICT_ADMIN);
    const district = Number(admin.roles.find((r) => r.role === 'district_admin')!.placeId);
    await givePoints(url, district, res.residents.map((r) => r.personId), 10_000_000, tag);
    log(`${BUYERS} buyers with 10,000,000 points each; hot listing ${hot.id}; ${many.length} listings of ${MERCHANTS} merchants`);

    let seq = 0;
    const redeem = (pick: (i: number) => number) => (): PreparedRequest => {
      const i = seq++;
      const buyer = res.residents[i % BUYERS]!;
      return preparePost(target, `/api/store/listings/${pick(i)}/redeem`, {}, { Cookie: `gz_session=${buyer.cookie}`, 'X-CSRF-Token': buyer.csrf, 'Idempotency-Key': `bench-${tag}-${i}` });
    };
    const variants: [string, () => PreparedRequest][] = [];
    if (o.only.includes('hot')) variants.push(['redeem hot item', redeem(() => hot.id)]);
    if (o.only.includes('many')) variants.push(['redeem many items', redeem((i) => many[(i * 7919) % many.length]!)]);
    if (o.only.includes('read')) {
      const reads = res.residents.map((b) => prepareGet(target, '/api/me/points', { Cookie: `gz_session=${b.cookie}` }));
      let r = 0;
      variants.push(['my points (GET /api/me/points)', () => reads[r++ % reads.length]!]);
    }
    type Summary = { issued: number; heldByPeople: number; heldByMerchants: number; accounts: number; mismatched: number; balanced: boolean; totals: { kind: string; count: number }[] };
    const ledger = async () => ok(api<Summary>(target, await signIn(target, DISTRICT_ADMIN), 'GET', '/api/points/summary'), 'ledger summary');
    const redemptions = (s: Summary) => s.totals.find((t) => t.kind === 'redeem')?.count ?? 0;
    const before = await ledger();
    for (const [name, next] of variants) {
      await settle(target, log);
      log(`postgres: ${name}`);
      const m = await measure(o, server.proc.child.pid, httpRun(o, target, next));
      rows.push({ db: 'postgres', scenario: name, kind: 'scenario', ...m });
    }

    await settle(target, log);
    const summary = await ledger();
    const redeemed = redemptions(summary) - redemptions(before);
    info.ledger = `after the rows: ${redeemed.toLocaleString('en-US')} redemptions (one point each) in the journal; ${summary.accounts} accounts, ${summary.mismatched} whose stored balance differs from the sum of its entries; journal ${summary.balanced ? 'balanced' : 'NOT balanced'}; merchants gained ${(summary.heldByMerchants - before.heldByMerchants).toLocaleString('en-US')} points, residents lost ${(before.heldByPeople - summary.heldByPeople).toLocaleString('en-US')}`;
    if (summary.mismatched !== 0 || !summary.balanced || summary.heldByMerchants - before.heldByMerchants !== redeemed || before.heldByPeople - summary.heldByPeople !== redeemed) {
      info.ledgerError = 'THE LEDGER DID NOT RECONCILE (see the line above)';
      log(info.ledgerError);
    }
  } finally {
    await server?.proc.stop();
    privatePg?.stop();
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  return rows;
}
