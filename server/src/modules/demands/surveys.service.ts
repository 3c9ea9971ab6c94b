import { sql } from 'kysely';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertInScope, pathInScope, scopeFor } from '../../platform/scope.ts';
import { findDemand, findPlace, upsertDemand } from './demands.repository.ts';
import { demandDto } from './demands.service.ts';
import type { Answer, CreateSurveyInput, Question, SurveyDemandInput, SurveyDto } from './surveys.schemas.ts';

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

/**
 * 问卷转需求: an option of a choice question becomes a need of the survey's place, its occurrences the number of
 * residents who chose it. The source key (survey:id:question:option) dedups: doing it again only refreshes the count,
 * and the need links back to the survey.
 */
export async function optionToDemand(deps: Deps, caller: Caller, id: number, input: SurveyDemandInput) {
  const { survey, results } = await surveyResults(deps, caller, id);
  const q = survey.questions[input.question];
  const r = results[input.question];
  if (!q || !r) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['question'], message: `the survey has ${survey.questions.length} questions` }] });
  if (q.kind !== 'single' && q.kind !== 'multiple') throw new AppError('SURVEY_QUESTION_NOT_CHOICE');
  const option = r.options[input.option];
  if (!option) throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['option'], message: `question ${input.question + 1} has ${r.options.length} options` }] });
  if (option.count === 0) throw new AppError('SURVEY_OPTION_EMPTY');
  const place = (await findPlace(deps.db, survey.place.id))!;
  const now = deps.clock.now();
  const demandId = await deps.db.transaction().execute(async (trx) => {
    const res = await upsertDemand(trx, {
      district_id: place.district_id, place_id: place.id, place_path: place.path, source: 'survey', source_key: `survey:${id}:${input.question}:${input.option}`,
      title: input.title ?? `问卷需求：${option.label}`, description: `问卷《${survey.title}》第 ${input.question + 1} 题“${q.text}”：${survey.responses} 人作答，${option.count} 人选择“${option.label}”`,
      occurrences: option.count, last_seen_at: now, created_by: caller.personId, created_at: now, updated_at: now,
    }, 'set');
    if (res.created) await emitEvent(trx, place.district_id, 'demand.created', { demandId: res.id, placeId: place.id, source: 'survey', surveyId: id });
    await auditAction(trx, caller, 'demand.from_survey', { type: 'demand', id: res.id }, { surveyId: id, question: input.question, option: input.option, count: option.count });
    return res.id;
  });
  return demandDto((await findDemand(deps.db, demandId))!);
}
