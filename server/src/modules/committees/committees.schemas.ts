import { z } from 'zod';

/** 业委会 / 自管会: elections with nominations, the owners' picks, and the roster with roles and a term. */
export const kindSchema = z.enum(['owners_committee', 'self_management_committee']);

export const createElectionBodySchema = z
  .object({
    compoundId: z.number().int().positive(),
    kind: kindSchema.describe('业主委员会（5–11 人）或自管会（7–11 人），均为单数'),
    seats: z.number().int().describe('应选名额'),
    termYears: z.number().int().min(1).max(5).default(5).describe('任期（年，至多 5 年）'),
  })
  .strict();
export type CreateElectionInput = z.infer<typeof createElectionBodySchema>;

export const nominateBodySchema = z
  .object({
    personId: z.number().int().positive().optional().describe('被提名人；不填为自荐'),
    statement: z.string().trim().max(500).default('').describe('自我介绍或推荐理由'),
  })
  .strict();
export const reviewBodySchema = z
  .object({ approve: z.boolean(), note: z.string().trim().max(300).default('') })
  .strict()
  .refine((b) => b.approve || b.note.length > 0, { message: '不予通过时请写明原因', path: ['note'] });
export const startVoteBodySchema = z.object({ windowDays: z.number().int().min(5).max(60) }).strict();
export const picksBodySchema = z.object({ nominationIds: z.array(z.number().int().positive()).min(1).max(11).describe('所选候选人（不超过应选名额）') }).strict();
export const roleBodySchema = z.object({ role: z.enum(['chair', 'vice_chair', 'member']) }).strict();

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const memberSchema = z.object({ id: z.number(), personId: z.number(), name: z.string(), role: z.enum(['chair', 'vice_chair', 'member']), termStart: z.string(), termEnd: z.string() });
export const candidateSchema = z.object({
  nominationId: z.number(),
  personId: z.number(),
  name: z.string(),
  isOwner: z.boolean(),
  selfNominated: z.boolean(),
  statement: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reviewNote: z.string().nullable(),
  /** Counted once decided (everyone) or live (staff): voters and area (0.01 m²) who picked this candidate. */
  votes: z.object({ heads: z.number(), areaCenti: z.number(), elected: z.boolean() }).nullable(),
});
export const electionSchema = z.object({
  id: z.number(),
  compound: z.object({ id: z.number(), name: z.string() }),
  kind: kindSchema,
  seats: z.number(),
  termYears: z.number(),
  status: z.enum(['nominating', 'voting', 'formed', 'failed']),
  vote: z.object({ id: z.number(), status: z.string(), closesAt: z.string().nullable() }).nullable(),
  candidates: z.array(candidateSchema),
  participating: z.object({ heads: z.number(), areaCenti: z.number() }).nullable(),
  failure: z.enum(['quorum', 'too_few', 'even', 'owners']).nullable(),
  members: z.array(memberSchema),
  managed: z.boolean(),
  /** H5: my picks while voting is open (null if I am not a voter). */
  myPicks: z.array(z.number()).nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type ElectionDto = z.infer<typeof electionSchema>;
export const electionListSchema = z.object({ items: z.array(electionSchema) });

export const compoundCommitteeSchema = z.object({
  committee: z
    .object({
      electionId: z.number(),
      kind: kindSchema,
      termStart: z.string(),
      termEnd: z.string(),
      /** 任期届满: the term has ended and a new election is due. */
      expired: z.boolean(),
      members: z.array(memberSchema.omit({ personId: true })),
    })
    .nullable(),
});
export type CompoundCommitteeDto = z.infer<typeof compoundCommitteeSchema>;
export const eligibleSchema = z.object({ items: z.array(z.object({ personId: z.number(), name: z.string(), isOwner: z.boolean() })) });
