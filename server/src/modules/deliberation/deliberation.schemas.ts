import { z } from 'zod';

/** 议题 and 公开议事日: topics, seconds, deliberation days with agenda, sign-in, minutes and follow-ups. */
export const raiseTopicBodySchema = z
  .object({
    placeId: z.number().int().positive().describe('小区或社区'),
    title: z.string().trim().min(2).max(100),
    body: z.string().trim().min(1).max(4000),
  })
  .strict();
export type RaiseTopicInput = z.infer<typeof raiseTopicBodySchema>;

export const topicSchema = z.object({
  id: z.number(),
  place: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  body: z.string(),
  raisedAs: z.enum(['resident', 'party', 'commissioner', 'request']),
  raisedBy: z.string().nullable(),
  sourceRequestId: z.number().nullable(),
  status: z.enum(['open', 'on_agenda', 'deliberated', 'closed']),
  seconds: z.number(),
  secondedByMe: z.boolean(),
  /** The caller raised it (and so does not second it). */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type TopicDto = z.infer<typeof topicSchema>;
export const topicListSchema = z.object({ items: z.array(topicSchema) });

export const partySchema = z.enum(['residents_committee', 'owners_committee', 'self_management_committee', 'property_company', 'resident', 'department', 'commissioner', 'other']);
export const scheduleDayBodySchema = z
  .object({
    placeId: z.number().int().positive(),
    title: z.string().trim().min(2).max(100),
    startsAt: z.string().datetime({ offset: true }),
    location: z.string().trim().min(1).max(200),
    facilitatorId: z.number().int().positive().optional().describe('促动师'),
    topicIds: z.array(z.number().int().positive()).min(1).max(20),
    participants: z.array(z.object({ name: z.string().trim().min(1).max(50), party: partySchema, personId: z.number().int().positive().optional(), showName: z.boolean().default(false) }).strict()).max(200).default([]),
  })
  .strict();
export type ScheduleDayInput = z.infer<typeof scheduleDayBodySchema>;
export const minutesBodySchema = z.object({ discussion: z.string().trim().min(1).max(8000), resolution: z.string().trim().min(1).max(4000) }).strict();
export const followupBodySchema = z
  .object({ task: z.string().trim().min(2).max(500), ownerName: z.string().trim().min(1).max(50), ownerPersonId: z.number().int().positive().optional(), dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
  .strict();
export const followupDoneBodySchema = z.object({ note: z.string().trim().min(1).max(1000) }).strict();

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const dayItemParams = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });
export const dayParticipantParams = z.object({ id: z.coerce.number().int().positive(), participantId: z.coerce.number().int().positive() });

export const followupSchema = z.object({ id: z.number(), task: z.string(), ownerName: z.string(), dueOn: z.string(), doneAt: z.string().nullable(), doneNote: z.string().nullable(), overdue: z.boolean() });
export const daySchema = z.object({
  id: z.number(),
  place: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  startsAt: z.string(),
  location: z.string(),
  facilitator: z.string().nullable(),
  status: z.enum(['scheduled', 'held', 'published']),
  minutesPublishedAt: z.string().nullable(),
  agenda: z.array(z.object({ id: z.number(), topicId: z.number(), title: z.string(), discussion: z.string().nullable(), resolution: z.string().nullable(), followups: z.array(followupSchema) })),
  /** Staff see everyone invited; residents see only those who agreed to be named. */
  participants: z.array(z.object({ id: z.number(), name: z.string(), party: partySchema, signedIn: z.boolean() })),
  signedIn: z.number(),
  invited: z.number(),
});
export type DayDto = z.infer<typeof daySchema>;
export const dayListSchema = z.object({ items: z.array(daySchema) });
