import { z } from 'zod';
import { SERVICE_CATEGORIES } from '../organisations/index.ts';

export const PROJECT_STATUSES = ['proposed', 'approved', 'rejected', 'procuring', 'awarded', 'contracted', 'evaluated', 'closed'] as const;
/** Workbench queues: what waits for whom. */
export const PROJECT_QUEUES = {
  approval: ['proposed'],
  procurement: ['approved', 'procuring'],
  contract: ['awarded'],
  delivery: ['contracted'],
  closing: ['evaluated'],
  closed: ['closed', 'rejected'],
} as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const fen = z.number().int().positive().max(100_000_000_000).describe('金额（分）');
export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const trancheParams = z.object({ id: z.coerce.number().int().positive(), seq: z.coerce.number().int().min(1).max(50) });

export const createProjectBodySchema = z
  .object({
    placeId: z.number().int().positive().describe('社区或小区'),
    demandId: z.number().int().positive().nullable().default(null).describe('由需求清单中的需求转来（转化后需求标为已转化）'),
    title: z.string().trim().min(2).max(80),
    category: z.enum(SERVICE_CATEGORIES),
    goals: z.string().trim().min(1).max(2000),
    beneficiaries: z.string().trim().min(1).max(500),
    // Amounts are checked in the service so a bad line is named in the error (BUDGET_LINE_INVALID, line n).
    budgetLines: z.array(z.object({ item: z.string().trim().min(1).max(80), amount: z.number().describe('金额（分，须为正整数）') }).strict()).min(1).max(50),
    brand: z.boolean().default(false).describe('品牌项目'),
  })
  .strict();
export type CreateProjectInput = z.infer<typeof createProjectBodySchema>;

export const decisionBodySchema = z.object({ decision: z.enum(['approve', 'reject']), note: z.string().trim().max(300).optional() }).strict();
export const allocateBodySchema = z
  .object({
    mode: z.enum(['matched', 'single']).describe('matched 区级资金池与街道配套各出一半（1:1）；single 由一个资金出'),
    fundId: z.number().int().positive().optional().describe('single 时必填'),
    amount: fen,
  })
  .strict();
export type AllocateInput = z.infer<typeof allocateBodySchema>;
export const directAwardBodySchema = z.object({ organisationId: z.number().int().positive() }).strict();
export const roundBodySchema = z
  .object({
    call: z.string().trim().min(1).max(2000).describe('征集公告'),
    rubric: z.array(z.object({ key: z.string().regex(/^[a-z_]{2,20}$/), label: z.string().trim().min(1).max(40), max: z.number().int().min(1).max(100) }).strict()).min(1).max(10),
  })
  .strict();
export const applicationBodySchema = z.object({ organisationId: z.number().int().positive(), proposal: z.string().trim().min(1).max(2000), amount: fen }).strict();
export const scoreBodySchema = z.object({ scores: z.record(z.string(), z.number()) }).strict();
export const contractBodySchema = z
  .object({
    startsOn: day,
    endsOn: day,
    termReason: z.string().trim().max(300).optional().describe('期限超过 1 年时必填'),
    amount: fen,
    tranches: z.array(z.object({ title: z.string().trim().min(1).max(60), amount: fen, dueOn: day, afterEvaluation: z.boolean() }).strict()).min(1).max(12),
  })
  .strict();
export type ContractInput = z.infer<typeof contractBodySchema>;
export const reportBodySchema = z.object({
  body: z.string().trim().min(1).max(2000), participants: z.number().int().min(0).max(100_000), activityRef: z.string().trim().max(100).optional(),
  photoIds: z.array(z.string().min(1).max(64)).max(9).default([]).describe('先上传到 /api/projects/{id}/report-photos 的照片'),
  activityIds: z.array(z.number().int().positive()).max(20).default([]).describe('承接组织的志愿活动'),
}).strict();
export const evaluationBodySchema = z
  .object({
    residentsScore: z.number().int().min(0).max(100).optional().describe('仅在尚无居民评价时填写；有评价时按评价计算（平均星级 × 20）'),
    communityScore: z.number().int().min(0).max(100),
    expertScore: z.number().int().min(0).max(100),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export const ratingBodySchema = z.object({ stars: z.number().int().min(1).max(5), comment: z.string().trim().max(300).optional() }).strict();

export const projectsQuerySchema = z.object({
  queue: z.enum(Object.keys(PROJECT_QUEUES) as [keyof typeof PROJECT_QUEUES]).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  placeId: z.coerce.number().int().positive().optional(),
  mine: z.coerce.boolean().optional().describe('社会组织：只看本组织承接的项目'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ProjectsQuery = z.infer<typeof projectsQuerySchema>;

const named = z.object({ id: z.number(), name: z.string() });
export const projectSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  category: z.enum(SERVICE_CATEGORIES),
  place: named,
  status: z.enum(PROJECT_STATUSES),
  budgetTotal: z.number(),
  allocated: z.number(),
  paid: z.number(),
  balance: z.number().describe('项目账户余额（已拨未付）'),
  approvalLevel: z.enum(['community', 'street', 'district']),
  organisation: named.nullable(),
  procurement: z.enum(['direct', 'round']).nullable(),
  brand: z.boolean(),
  demandId: z.number().nullable(),
  createdAt: z.string(),
});
export const applicationSchema = z.object({
  id: z.number(), organisation: named, proposal: z.string(), amount: z.number(), average: z.number().nullable(), scorers: z.number(), scoredByMe: z.boolean(),
});
export const objectionSchema = z.object({
  id: z.number(), reason: z.string(), raisedAt: z.string(), raisedBy: z.string().nullable().describe('仅项目管理人员可见'),
  answer: z.string().nullable(), answeredAt: z.string().nullable(), answeredBy: z.string().nullable(),
});
export const objectionBodySchema = z.object({ reason: z.string().trim().min(4).max(1000).describe('异议理由') }).strict();
export const objectionAnswerBodySchema = z.object({ answer: z.string().trim().min(1).max(1000) }).strict();
export const objectionParams = z.object({ id: z.coerce.number().int().positive(), objectionId: z.coerce.number().int().positive() });
export const roundSchema = z.object({
  id: z.number(), call: z.string(), rubric: z.array(z.object({ key: z.string(), label: z.string(), max: z.number() })),
  status: z.enum(['open', 'scoring', 'notice', 'awarded']), noticeEndsAt: z.string().nullable(), leadingApplicationId: z.number().nullable(),
  applications: z.array(applicationSchema),
  objections: z.array(objectionSchema).describe('公示异议'),
});
export const trancheSchema = z.object({ seq: z.number(), title: z.string(), amount: z.number(), dueOn: z.string(), afterEvaluation: z.boolean(), paidAt: z.string().nullable() });
export const projectSchema = projectSummarySchema.extend({
  goals: z.string(),
  beneficiaries: z.string(),
  budgetLines: z.array(z.object({ item: z.string(), amount: z.number() })),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  round: roundSchema.nullable(),
  contract: z.object({ startsOn: z.string(), endsOn: z.string(), termReason: z.string().nullable(), amount: z.number(), signedAt: z.string() }).nullable(),
  tranches: z.array(trancheSchema),
  reports: z.array(z.object({
    id: z.number(), body: z.string(), participants: z.number(), activityRef: z.string().nullable(), author: z.string().nullable(), at: z.string(),
    photos: z.array(z.object({ id: z.string(), url: z.string() })), activities: z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string() })),
  })),
  residentsComponent: z.object({ score: z.number().nullable(), count: z.number() }).describe('居民评价折算的居民评分（平均星级 × 20）；无评价时为 null，须人工填写'),
  evaluations: z.array(z.object({ id: z.number(), residentsRatings: z.number().nullable().describe('居民评分由多少条评价计算；null 为人工填写'), residentsScore: z.number(), communityScore: z.number(), expertScore: z.number(), score: z.number(), passed: z.boolean(), note: z.string().nullable(), at: z.string() })),
  rating: z.object({ average: z.number().nullable(), count: z.number(), mine: z.number().nullable() }),
  canApprove: z.boolean().describe('当前用户的层级能否立项'),
  allocations: z.array(z.object({
    id: z.number(), mode: z.enum(['matched', 'single']), amount: z.number(), poolAmount: z.number(), streetAmount: z.number(), fund: named.nullable(),
    rule: z.object({ id: z.number().nullable(), streetPerMille: z.number(), ratio: z.string(), capPerProject: z.number().nullable(), capPerStreetYear: z.number().nullable() }).nullable()
      .describe('配套拨付当时适用的规则（此后调整规则不影响已拨付的记录）'),
    at: z.string(),
  })).describe('拨付记录'),
});
export type ProjectDto = z.infer<typeof projectSchema>;
export const projectPageSchema = z.object({ total: z.number(), items: z.array(projectSummarySchema) });
export const openRoundSchema = z.array(z.object({ id: z.number(), projectId: z.number(), title: z.string(), category: z.string(), place: z.string(), call: z.string(), budgetTotal: z.number() }));
export const publicProjectSchema = projectSchema.pick({
  id: true, title: true, category: true, place: true, status: true, budgetTotal: true, paid: true, organisation: true, brand: true, goals: true, beneficiaries: true, rating: true,
}).extend({
  reports: z.array(z.object({ body: z.string(), participants: z.number(), at: z.string(), photos: z.array(z.object({ id: z.string(), url: z.string() })), activities: z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string() })) })),
  evaluation: z.object({ score: z.number(), passed: z.boolean() }).nullable(),
  notice: z.object({ endsAt: z.string(), open: z.boolean().describe('公示期内，可提出异议'), leading: z.string().nullable(), objections: z.array(objectionSchema) }).nullable().describe('公示中（或曾公示）的评审结果与异议'),
});
export const matchmakingSchema = z.object({
  total: z.number(),
  items: z.array(z.object({
    need: z.object({ id: z.number(), title: z.string(), place: named, urgency: z.number().nullable(), peopleAffected: z.number().nullable(), status: z.string() }),
    organisations: z.array(z.object({ id: z.number(), name: z.string(), status: z.string(), categories: z.array(z.string()), inDirectory: z.array(z.string()) })),
  })),
});
export const reportPhotoSchema = z.object({ id: z.string(), url: z.string(), width: z.number(), height: z.number() });
export const organisationActivitiesSchema = z.array(z.object({ id: z.number(), title: z.string(), startsAt: z.string(), status: z.string() }));
export const photoParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });
