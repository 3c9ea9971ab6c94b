import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let a1: Session;
let a2: Session;
let b1: Session;
let worker: Session;
let a1Phone: string;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
  const person = await createPerson(t.deps, tree.districtId, '居民甲', [{ role: 'resident', place: p['A-h1']! }]);
  a1Phone = person.phone;
  a1 = await signIn(t.app, a1Phone, PASSWORD);
  a2 = await mk('居民乙', [{ role: 'owner', place: p['A-h2']! }]);
  b1 = await mk('居民丙', [{ role: 'resident', place: p['B-h1']! }]);
  worker = await mk('社工陈', [{ role: 'community_worker', place: p.C1! }]);
});
afterAll(() => t.close());

const questions = [
  { kind: 'single', text: '您最需要哪项服务？', options: ['老年食堂', '托育', '停车'] },
  { kind: 'multiple', text: '您方便的时间？', options: ['上午', '下午', '晚上'] },
  { kind: 'rating', text: '对小区环境的满意度' },
  { kind: 'text', text: '其他建议' },
];

describe('surveys (问卷)', () => {
  it('is answered once per resident of the place, and the results are counted', async () => {
    const created = await as(t.app, worker).post('/api/surveys', { placeId: tree.places.A!.id, title: 'A小区居民需求调查', questions });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await as(t.app, a1).get('/api/me/surveys')).json().items.map((s: { id: number }) => s.id)).toEqual([id]);
    // Not for a resident of compound B.
    expect((await as(t.app, b1).get('/api/me/surveys')).json().items).toEqual([]);
    expect((await as(t.app, b1).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 0 }, { choices: [0] }, { rating: 5 }, { text: '好' }] })).statusCode).toBe(404);

    const ok = await as(t.app, a1).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 0 }, { choices: [0, 2] }, { rating: 4 }, { text: '希望有老年食堂' }] });
    expect(ok.statusCode).toBe(201);
    const twice = await as(t.app, a1).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 1 }, { choices: [1] }, { rating: 1 }, { text: '再答一次' }] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('SURVEY_ALREADY_ANSWERED');
    const wrong = await as(t.app, a2).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 7 }, { choices: [1] }, { rating: 3 }, { text: 'x' }] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].path).toEqual(['answers', 0]);
    expect((await as(t.app, a2).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 0 }, { choices: [1] }, { rating: 2 }, { text: '停车难' }] })).statusCode).toBe(201);

    const results = (await as(t.app, worker).get(`/api/surveys/${id}/results`)).json();
    expect(results.survey.responses).toBe(2);
    expect(results.results[0].options).toEqual([{ label: '老年食堂', count: 2 }, { label: '托育', count: 0 }, { label: '停车', count: 0 }]);
    expect(results.results[1].options.map((o: { count: number }) => o.count)).toEqual([1, 1, 1]);
    expect(results.results[2].average).toBe(3);
    expect(results.results[3].texts.sort()).toEqual(['停车难', '希望有老年食堂']);
    expect(JSON.stringify(results)).not.toContain('居民甲');
    expect((await as(t.app, a1).get(`/api/surveys/${id}/results`)).statusCode).toBe(403);
    expect((await as(t.app, a1).get('/api/me/surveys')).json().items[0].answeredByMe).toBe(true);
  });

  it('takes no answers once closed', async () => {
    const id = (await as(t.app, worker).post('/api/surveys', { placeId: tree.places.C1!.id, title: '社区活动意向', questions: [questions[2]], days: 1 })).json().id;
    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    a1 = await signIn(t.app, a1Phone, PASSWORD); // the session idled out while the clock moved
    const res = await as(t.app, a1).post(`/api/me/surveys/${id}/answers`, { answers: [{ rating: 5 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SURVEY_CLOSED');
  });
  it('turns a choice many picked into a need on the demand list, linked to the survey, once', async () => {
    // The clock moved days in the test before: fresh sessions.
    const mk = async (name: string, roles: Parameters<typeof createPerson>[3]) => signIn(t.app, (await createPerson(t.deps, tree.districtId, name, roles)).phone, PASSWORD);
    worker = await mk('社工周', [{ role: 'community_worker', place: tree.places.C1! }]);
    a1 = await signIn(t.app, a1Phone, PASSWORD);
    a2 = await mk('居民丁', [{ role: 'resident', place: tree.places['A-h2']! }]);
    const id = (await as(t.app, worker).post('/api/surveys', { placeId: tree.places.A!.id, title: 'A小区服务需求', questions })).json().id;
    for (const s of [a1, a2]) {
      expect((await as(t.app, s).post(`/api/me/surveys/${id}/answers`, { answers: [{ choice: 0 }, { choices: [1] }, { rating: 4 }, { text: '好' }] })).statusCode).toBe(201);
    }
    const before = Number((await t.deps.db.selectFrom('demands').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // Only a choice question's option that somebody chose; the resident may not.
    expect((await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 2, option: 0 })).json().code).toBe('SURVEY_QUESTION_NOT_CHOICE');
    expect((await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 0, option: 1 })).json().code).toBe('SURVEY_OPTION_EMPTY');
    const noOption = await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 0, option: 7 });
    expect(noOption.statusCode).toBe(400);
    expect(noOption.json().issues[0].path).toEqual(['option']);
    expect((await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 9, option: 0 })).statusCode).toBe(400);
    expect((await as(t.app, a1).post(`/api/surveys/${id}/demands`, { question: 0, option: 0 })).statusCode).toBe(403);
    expect(Number((await t.deps.db.selectFrom('demands').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);

    const res = await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 0, option: 0 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ source: 'survey', title: '问卷需求：老年食堂', occurrences: 2, place: { id: tree.places.A!.id }, link: `/surveys?id=${id}`, status: 'new' });
    expect(res.json().description).toContain('2 人选择“老年食堂”');
    // Again: the same need, not a second one.
    const again = await as(t.app, worker).post(`/api/surveys/${id}/demands`, { question: 0, option: 0, title: '老年食堂' });
    expect(again.json().id).toBe(res.json().id);
    const list = (await as(t.app, worker).get(`/api/demands?placeId=${tree.places.A!.id}`)).json();
    expect(list.items.filter((d: { source: string }) => d.source === 'survey')).toHaveLength(1);
    const events = await t.deps.db.selectFrom('domain_events').select('payload').where('type', '=', 'demand.created').execute();
    expect(events.filter((e) => (e.payload as { surveyId?: number }).surveyId === id)).toHaveLength(1);
  });
});
