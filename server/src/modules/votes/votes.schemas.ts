import { z } from 'zod';

/** 业主共同决定: an owners' vote on one of the nine matters of 民法典 第278条. */
export const createVoteBodySchema = z
  .object({
    scopePlaceId: z.number().int().positive().describe('表决范围：小区、楼栋或单元'),
    item: z.number().int().min(1).max(9).describe('民法典第278条第一款所列事项（1–9）'),
    title: z.string().trim().min(2).max(100),
    description: z.string().trim().min(1).max(4000),
    topicId: z.number().int().positive().optional().describe('来自哪个议题'),
    extraordinary: z.boolean().default(false).describe('临时会议：公告期 7 日（区可配置）'),
    secret: z.boolean().default(false).describe('无记名投票'),
    windowDays: z.number().int().min(5).max(60).describe('电子投票期 5–60 日'),
  })
  .strict();
export type CreateVoteInput = z.infer<typeof createVoteBodySchema>;

export const choiceSchema = z.enum(['for', 'against', 'abstain']);
export const castBodySchema = z
  .object({
    choice: choiceSchema,
    forOwnerId: z.number().int().positive().optional().describe('受托代理人代业主投票时，业主的 id'),
  })
  .strict();
export const paperBallotBodySchema = z
  .object({
    ownerId: z.number().int().positive(),
    choice: choiceSchema,
    scanRef: z.string().trim().min(1).max(200).describe('纸质表决票扫描件的编号或存放位置'),
  })
  .strict();
export const proxyBodySchema = z
  .object({
    ownerId: z.number().int().positive(),
    agentId: z.number().int().positive(),
    authorisationRef: z.string().trim().min(1).max(200).describe('授权委托书编号'),
  })
  .strict();
export const voteSettingsBodySchema = z
  .object({ noticeDays: z.number().int().min(1).max(60), extraordinaryNoticeDays: z.number().int().min(1).max(60) })
  .strict();

export const voteIdParams = z.object({ id: z.coerce.number().int().positive() });

const measure = z.object({ areaCenti: z.number(), heads: z.number() });
export const tallySchema = z.object({
  item: z.number(),
  electorate: measure.extend({ units: z.number() }),
  participating: measure,
  for: measure,
  against: measure,
  abstain: measure,
  quorum: z.object({ met: z.boolean(), areaMet: z.boolean(), headsMet: z.boolean() }),
  approval: z.object({ threshold: z.enum(['three_quarters', 'more_than_half']), met: z.boolean(), areaMet: z.boolean(), headsMet: z.boolean() }),
  passed: z.boolean(),
  followMajority: z.object({ side: z.enum(['for', 'against']).nullable(), added: measure, for: measure, passed: z.boolean() }).nullable(),
});
export type TallyDto = z.infer<typeof tallySchema>;

export const voteSchema = z.object({
  id: z.number(),
  scope: z.object({ id: z.number(), name: z.string(), kind: z.string() }),
  compoundId: z.number(),
  item: z.number(),
  title: z.string(),
  description: z.string(),
  topicId: z.number().nullable(),
  extraordinary: z.boolean(),
  secret: z.boolean(),
  followMajorityAllowed: z.boolean(),
  windowDays: z.number(),
  status: z.enum(['draft', 'announced', 'open', 'closed', 'published']),
  announcedAt: z.string().nullable(),
  noticeEndsAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  publishDueAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Who has taken part so far (headcount and area): never who chose what. */
  turnout: measure.nullable(),
  /** The count: for staff at any time; for owners only once published. */
  result: tallySchema.nullable(),
  /** The caller's own part, when the caller is in the electorate. */
  mine: z
    .object({
      canVote: z.boolean(),
      voted: z.boolean(),
      choice: choiceSchema.nullable(),
      channel: z.enum(['online', 'proxy', 'paper']).nullable(),
      undoUntil: z.string().nullable(),
      proxyFor: z.array(z.object({ ownerId: z.number(), name: z.string() })),
    })
    .nullable(),
});
export type VoteDto = z.infer<typeof voteSchema>;
export const voteListSchema = z.object({ items: z.array(voteSchema) });
export const recountSchema = z.object({ matches: z.boolean(), published: tallySchema.nullable(), recount: tallySchema, ballots: z.number() });
export const participationListSchema = z.object({
  items: z.array(z.object({ ownerName: z.string(), units: z.number(), areaCenti: z.number(), channel: z.enum(['online', 'proxy', 'paper']), paperRef: z.string().nullable(), choice: choiceSchema.nullable() })),
  notVoted: z.array(z.object({ ownerName: z.string(), ownerId: z.number(), units: z.number(), areaCenti: z.number() })),
});
