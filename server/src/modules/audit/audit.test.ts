import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let auditor: Session;
let admin: Session;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const a = await createPerson(t.deps, tree.districtId, '审计员', [{ role: 'audit_admin', place: tree.places.D! }]);
  const d = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: tree.places.D! }]);
  auditor = await signIn(t.app, a.phone, PASSWORD);
  admin = await signIn(t.app, d.phone, PASSWORD);
});
afterAll(() => t.close());

describe('audit log', () => {
  it('shows the audit role who did what, newest first, with filters and cursor paging', async () => {
    await as(t.app, admin).patch(`/api/places/${tree.places.A!.id}/compound`, { buildYear: 2001 });
    const api = as(t.app, auditor);
    const page = (await api.get('/api/audit?limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
    expect(page.nextCursor).toBe(String(page.items[1].id));
    const next = (await api.get(`/api/audit?limit=2&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].id).toBeLessThan(page.items[1].id);

    const updates = (await api.get('/api/audit?action=compound.')).json();
    expect(updates.items).toEqual([expect.objectContaining({ action: 'compound.update', actorName: '区管理员', result: 'ok', targetId: String(tree.places.A!.id) })]);
    const logins = (await api.get('/api/audit?action=auth.login&result=ok')).json();
    expect(logins.items.length).toBeGreaterThanOrEqual(2);
  });

  it('records refused writes, and its own reads', async () => {
    const outOfScope = await as(t.app, admin).patch('/api/places/999999/compound', { buildYear: 2001 });
    expect(outOfScope.statusCode).toBe(404);
    const denied = (await as(t.app, auditor).get('/api/audit?result=denied')).json();
    expect(denied.items[0]).toMatchObject({ action: 'PATCH /api/places/:id/compound', result: 'denied', detail: { code: 'NOT_FOUND' } });
    const reads = (await as(t.app, auditor).get('/api/audit?action=audit.read')).json();
    expect(reads.items.length).toBeGreaterThan(0);
  });

  it('is for the audit role only', async () => {
    expect((await as(t.app, admin).get('/api/audit')).statusCode).toBe(403);
  });

  it('refuses updates and deletes at the database, whoever asks', async () => {
    await expect(sql`update audit_log set result = 'ok'`.execute(t.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.deps.db)).rejects.toThrow(/append-only/);
  });
});
