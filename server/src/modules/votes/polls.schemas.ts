import { z } from 'zod';

/** 居民投票: a question for a compound or community, answered once per verified resident or household. */
export const createPollBodySchema = z
  .object({
    placeId: z.number().int().positive(),
    question: z.string().trim().min(2).max(200),
    options: z.array(z.string().trim().min(1).max(60)).min(2).max(10),
    per: z.enum(['resident', 'household']).describe('每位居民一票，或每户一票'),
    topicId: z.number().int().positive().optional(),
    days: z.number().int().min(1).max(60),
  })
  .strict();
export type CreatePollInput = z.infer<typeof createPollBodySchema>;
export const pollAnswerBodySchema = z.object({ option: z.number().int().min(0).max(9) }).strict();
export const pollSchema = z.object({
  id: z.number(),
  place: z.object({ id: z.number(), name: z.string() }),
  question: z.string(),
  options: z.array(z.string()),
  per: z.enum(['resident', 'household']),
  topicId: z.number().nullable(),
  closesAt: z.string(),
  open: z.boolean(),
  answeredByMe: z.boolean(),
  /** Shown to staff at any time and to residents once the poll has closed. */
  outcome: z.object({ electorate: z.number(), answered: z.number(), counts: z.array(z.number()), quorumMet: z.boolean(), chosen: z.number().nullable() }).nullable(),
});
export type PollDto = z.infer<typeof pollSchema>;
export const pollListSchema = z.object({ items: z.array(pollSchema) });
