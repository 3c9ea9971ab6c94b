import { z } from 'zod';

/** 问卷: a questionnaire for a place — single or multiple choice, text, rating (1–5). */
const choiceQuestion = z.object({ kind: z.enum(['single', 'multiple']), text: z.string().trim().min(2).max(120), options: z.array(z.string().trim().min(1).max(60)).min(2).max(10) }).strict();
const openQuestion = z.object({ kind: z.enum(['text', 'rating']), text: z.string().trim().min(2).max(120) }).strict();
export const questionSchema = z.union([choiceQuestion, openQuestion]);
export type Question = z.infer<typeof questionSchema>;

export const createSurveyBodySchema = z
  .object({
    placeId: z.number().int().positive().describe('社区或小区'),
    title: z.string().trim().min(2).max(60),
    questions: z.array(questionSchema).min(1).max(20),
    days: z.number().int().min(1).max(90).default(14).describe('开放天数'),
  })
  .strict();
export type CreateSurveyInput = z.infer<typeof createSurveyBodySchema>;

/** One answer per question, in order: a choice index, choice indexes, a text, or a rating 1–5. */
export const answerSchema = z.union([
  z.object({ choice: z.number().int().min(0) }).strict(),
  z.object({ choices: z.array(z.number().int().min(0)).min(1).max(10) }).strict(),
  z.object({ text: z.string().trim().min(1).max(500) }).strict(),
  z.object({ rating: z.number().int().min(1).max(5) }).strict(),
]);
export type Answer = z.infer<typeof answerSchema>;
export const answerBodySchema = z.object({ answers: z.array(answerSchema).min(1).max(20) }).strict();

export const surveyIdParams = z.object({ id: z.coerce.number().int().positive() });
const named = z.object({ id: z.number(), name: z.string() });
export const surveySchema = z.object({
  id: z.number(),
  place: named,
  title: z.string(),
  questions: z.array(questionSchema),
  status: z.enum(['open', 'closed']),
  closesAt: z.string(),
  responses: z.number(),
  answeredByMe: z.boolean(),
});
export type SurveyDto = z.infer<typeof surveySchema>;
export const surveyListSchema = z.object({ items: z.array(surveySchema) });

const resultSchema = z.object({
  question: z.string(),
  kind: z.enum(['single', 'multiple', 'text', 'rating']),
  options: z.array(z.object({ label: z.string(), count: z.number() })).describe('单选、多选：每个选项的人数；评分：1–5 分各多少人'),
  average: z.number().nullable().describe('评分平均值'),
  texts: z.array(z.string()).describe('文字回答（不含作答人）'),
});
export const surveyResultsSchema = z.object({ survey: surveySchema, results: z.array(resultSchema) });

/** A choice many picked becomes a need on the demand list, linked back to the survey (one need per option). */
export const surveyDemandBodySchema = z
  .object({
    question: z.number().int().min(0).max(19).describe('题号（从 0 开始）'),
    option: z.number().int().min(0).max(9).describe('选项序号（从 0 开始）'),
    title: z.string().trim().min(2).max(60).optional().describe('需求名称（默认：问卷需求：选项）'),
  })
  .strict();
export type SurveyDemandInput = z.infer<typeof surveyDemandBodySchema>;
