import { sql } from 'kysely';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, pathInScope, scopeFor } from '../../platform/scope.ts';
import { findPlace } from './demands.repository.ts';
import type { Answer, CreateSurveyInput, Question, SurveyDto } from './surveys.schemas.ts';

const DAY = 24 * 60 * 60 * 1000;
type SurveyRow = { id: number; district_id: number; place_id: number; place_path: string; place_name: string; title: string; questions: unknown; status: string; closes_at: Date; responses: number; mine: boolean };

/** All SQL of surveys lives in this small service's two queries; answers are read only in aggregate. */
async function loadSurveys(db: Deps['db'], personId: number, where: ReturnType<typeof sql>) {
  const { rows } = await sql<SurveyRow>`
    select s.id, s.district_id, s.place_id, s.place_path, p.name as place_name, s.title, s.questions, s.status, s.closes_at,
      (select count(*)::int from survey_responses r where r.survey_id = s.id) as responses,
      exists (select 1 from survey_responses r where r.survey_id = s.id and r.person_id = ${personId}) as mine
    from surveys s join places p on p.id = s.place_id
    where ${where}
    order by s.id desc
    limit 100`.execute(db);
  return rows;
}

function dto(s: SurveyRow, now: Date): SurveyDto {
  return {
    id: s.id, place: { id: s.place_id, name: s.place_name }, title: s.title, questions: s.questions as Question[],
    status: s.status === 'open' && s.closes_at > now ? 'open' : 'closed', closesAt: s.closes_at.toISOString(), responses: s.responses, answeredByMe: s.mine,
  };
}

/** Residents answer the surveys of the places they live in. */
const homePaths = (caller: Caller) => caller.roles.filter((r) => r.role === 'resident' || r.role === 'owner').map((r) => r.placePath);

export async function createSurvey(deps: Deps, caller: Caller, input: CreateSurveyInput): Promise<SurveyDto> {
  const place = await findPlace(deps.db, input.placeId);
  assertInScope(scopeFor(caller.roles, 'demands.manage'), place?.path);
  if (!['community', 'compound'].includes(place!.kind)) throw new AppError('PLACE_KIND_MISMATCH', { expected: 'community / compound' });
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('surveys').values({
      district_id: place!.district_id, place_id: place!.id, place_path: place!.path, title: input.title, questions: JSON.stringify(input.questions),
      created_by: caller.personId, created_at: now, closes_at: new Date(now.getTime() + input.days * DAY),
    }).returning('id').executeTakeFirstOrThrow();
    await emitEvent(trx, place!.district_id, 'survey.created', { surveyId: row.id, placeId: place!.id });
    await auditAction(trx, caller, 'survey.create', { type: 'survey', id: row.id });
    return row.id;
  });
  return getSurvey(deps, caller, id);
}

async function getSurvey(deps: Deps, caller: Caller, id: number): Promise<SurveyDto> {
  const [s] = await loadSurveys(deps.db, caller.personId, sql`s.id = ${id}`);
  const staff = s && pathInScope(scopeFor(caller.roles, 'demands.manage'), s.place_path);
  if (!s || !staff) throw new AppError('NOT_FOUND');
  return dto(s, deps.clock.now());
}

export async function listSurveys(deps: Deps, caller: Caller) {
  const scope = scopeFor(caller.roles, 'demands.manage');
  const where = sql.join(scope.paths.map((p) => sql`s.place_path like ${`${p}%`}`), sql` or `);
  const now = deps.clock.now();
  return { items: (await loadSurveys(deps.db, caller.personId, sql`(${where})`)).map((s) => dto(s, now)) };
}

/** H5: the open surveys of my compound and community. */
export async function mySurveys(deps: Deps, caller: Caller) {
  const homes = homePaths(caller);
  if (homes.length === 0) return { items: [] };
  const now = deps.clock.now();
  const where = sql.join(homes.map((h) => sql`${h} like s.place_path || '%'`), sql` or `);
  const rows = await loadSurveys(deps.db, caller.personId, sql`s.district_id = ${caller.districtId} and s.status = 'open' and s.closes_at > ${now} and (${where})`);
  return { items: rows.map((s) => dto(s, now)) };
}

/** Each answer must fit its question; the issues name the question. */
function checkAnswers(questions: Question[], answers: Answer[]) {
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (answers.length !== questions.length) issues.push({ path: ['answers'], message: `${questions.length} answers expected` });
  questions.forEach((q, i) => {
    const a = answers[i];
    if (!a) return;
    const n = 'options' in q ? q.options.length : 0;
    const ok =
      q.kind === 'single' ? 'choice' in a && a.choice < n
      : q.kind === 'multiple' ? 'choices' in a && a.choices.every((c) => c < n) && new Set(a.choices).size === a.choices.length
      : q.kind === 'text' ? 'text' in a
      : 'rating' in a;
    if (!ok) issues.push({ path: ['answers', i], message: `does not fit question ${i + 1} (${q.kind})` });
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, { issues });
}

/** 作答: once per resident; a second answer is refused and changes nothing. */
export async function answerSurvey(deps: Deps, caller: Caller, id: number, answers: Answer[]) {
  const [s] = await loadSurveys(deps.db, caller.personId, sql`s.id = ${id} and s.district_id = ${caller.districtId}`);
  if (!s || !homePaths(caller).some((h) => h.startsWith(s.place_path))) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  if (s.status !== 'open' || s.closes_at <= now) throw new AppError('SURVEY_CLOSED');
  if (s.mine) throw new AppError('SURVEY_ALREADY_ANSWERED');
  checkAnswers(s.questions as Question[], answers);
  try {
    await deps.db.insertInto('survey_responses').values({ district_id: s.district_id, survey_id: id, person_id: caller.personId, answers: JSON.stringify(answers), created_at: now }).execute();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('SURVEY_ALREADY_ANSWERED');
    throw err;
  }
  return { ok: true };
}

/** 结果: counts per option, rating average and distribution, text answers without who wrote them. */
export async function surveyResults(deps: Deps, caller: Caller, id: number) {
  const survey = await getSurvey(deps, caller, id);
  const rows = await deps.db.selectFrom('survey_responses').select('answers').where('survey_id', '=', id).execute();
  const all = rows.map((r) => r.answers as Answer[]);
  const results = survey.questions.map((q, i) => {
    const given = all.map((a) => a[i]).filter((a): a is Answer => a !== undefined);
    if (q.kind === 'single' || q.kind === 'multiple') {
      const counts = q.options.map(() => 0);
      for (const a of given) for (const c of 'choice' in a ? [a.choice] : 'choices' in a ? a.choices : []) if (c < counts.length) counts[c]!++;
      return { question: q.text, kind: q.kind, options: q.options.map((label, k) => ({ label, count: counts[k]! })), average: null, texts: [] };
    }
    if (q.kind === 'rating') {
      const ratings = given.flatMap((a) => ('rating' in a ? [a.rating] : []));
      const options = [1, 2, 3, 4, 5].map((r) => ({ label: String(r), count: ratings.filter((x) => x === r).length }));
      const average = ratings.length ? Math.round((ratings.reduce((x, y) => x + y, 0) / ratings.length) * 100) / 100 : null;
      return { question: q.text, kind: q.kind, options, average, texts: [] };
    }
    return { question: q.text, kind: q.kind, options: [], average: null, texts: given.flatMap((a) => ('text' in a ? [a.text] : [])).slice(0, 200) };
  });
  return { survey, results };
}
