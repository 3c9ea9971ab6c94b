import { z } from 'zod';

/** 大党委 "1+4+N": the four kinds of member units (机关、事业单位、企业、社会组织). */
export const UNIT_KINDS = ['government', 'institution', 'enterprise', 'social_org'] as const;
export const MEMBER_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

export const idParams = z.object({ id: z.coerce.number().int().positive() });
const named = z.object({ id: z.number(), name: z.string() });

export const createUnitBodySchema = z
  .object({
    communityId: z.number().int().positive().describe('加入哪个社区的大党委'),
    name: z.string().trim().min(2).max(60),
    kind: z.enum(UNIT_KINDS).describe('机关、事业单位、企业、社会组织'),
    contactName: z.string().trim().min(2).max(30).optional().describe('联络人（单位党组织书记或联络员）'),
    note: z.string().trim().max(300).optional(),
  })
  .strict();
export type CreateUnitInput = z.infer<typeof createUnitBodySchema>;

export const placeQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional().describe('社区、街道或全区（默认：本人管辖范围）') });

export const unitSchema = z.object({
  id: z.number(),
  community: named,
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  contactName: z.string().nullable(),
  note: z.string().nullable(),
  joinedAt: z.string(),
  members: z.number().describe('经确认的报到党员人数'),
});
export type UnitDto = z.infer<typeof unitSchema>;
export const unitListSchema = z.object({ items: z.array(unitSchema) });

/** 双报到: the member gives the community they live in, their unit, and consents to the processing. */
export const registerBodySchema = z
  .object({
    communityId: z.number().int().positive().describe('居住地社区'),
    unitId: z.number().int().positive().optional().describe('所在单位已是大党委成员单位时选择'),
    unitName: z.string().trim().min(2).max(60).describe('工作单位'),
    branch: z.string().trim().min(2).max(60).optional().describe('所在党支部'),
    consent: z.boolean().describe('同意社区为双报到目的处理党员身份与单位信息（敏感个人信息，单独同意）'),
  })
  .strict();
export type RegisterInput = z.infer<typeof registerBodySchema>;

export const reviewBodySchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), note: z.string().trim().max(200).optional() }).strict(),
  z.object({ decision: z.literal('reject'), note: z.string().trim().min(2).max(200).describe('不予确认的理由（必填）') }).strict(),
]);
export type ReviewInput = z.infer<typeof reviewBodySchema>;

export const memberListQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

export const memberSchema = z.object({
  id: z.number(),
  person: named,
  community: named,
  unit: named.nullable().describe('大党委成员单位（若所在单位已加入）'),
  unitName: z.string(),
  branch: z.string().nullable(),
  status: z.enum(MEMBER_STATUSES),
  reviewNote: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
});
export type MemberDto = z.infer<typeof memberSchema>;
export const memberPageSchema = z.object({ total: z.number(), items: z.array(memberSchema) });

export const createTaskBodySchema = z
  .object({
    communityId: z.number().int().positive(),
    title: z.string().trim().min(2).max(60),
    description: z.string().trim().max(500).optional(),
    slots: z.number().int().min(1).max(200).describe('需要多少名党员'),
    startsAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskBodySchema>;

export const recordServiceBodySchema = z
  .object({
    memberId: z.number().int().positive(),
    minutes: z.number().int().min(1).max(1440).describe('服务时长（分钟），一次不超过 24 小时'),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type RecordServiceInput = z.infer<typeof recordServiceBodySchema>;

export const taskSchema = z.object({
  id: z.number(),
  community: named,
  title: z.string(),
  description: z.string().nullable(),
  slots: z.number(),
  taken: z.number(),
  startsAt: z.string(),
  status: z.enum(['open', 'closed']),
  claimedByMe: z.boolean(),
  claims: z.array(z.object({ memberId: z.number(), name: z.string(), status: z.enum(['claimed', 'done']), minutes: z.number().nullable() })).describe('管理人员可见'),
});
export type TaskDto = z.infer<typeof taskSchema>;
export const taskListSchema = z.object({ items: z.array(taskSchema) });

export const createLiaisonBodySchema = z
  .object({
    personId: z.number().int().positive().describe('联点的区领导'),
    communityId: z.number().int().positive().describe('示范社区'),
    post: z.string().trim().min(2).max(40).describe('职务，如“区委副书记”'),
  })
  .strict();
export type CreateLiaisonInput = z.infer<typeof createLiaisonBodySchema>;

export const liaisonSchema = z.object({ id: z.number(), person: named, community: named, post: z.string(), since: z.string() });
export const liaisonListSchema = z.object({ items: z.array(liaisonSchema) });

const figures = {
  units: z.number(),
  members: z.number().describe('经确认的报到党员'),
  pending: z.number().describe('待确认的报到'),
  wishesClaimed: z.number().describe('报到党员当前认领的心愿（含已实现）'),
  wishesFulfilled: z.number(),
  wishesFulfilledValueFen: z.number(),
  tasksDone: z.number(),
  serviceMinutes: z.number().describe('登记的服务时长（分钟）'),
};
export const reportRowSchema = z.object({ kind: z.enum(['unit', 'community', 'unaffiliated']), id: z.number().nullable(), name: z.string(), ...figures });
export type ReportRow = z.infer<typeof reportRowSchema>;
/** Counts only: no member's name appears in a report. */
export const reportSchema = z.object({ place: named, total: z.object(figures), rows: z.array(reportRowSchema) });
export type ReportDto = z.infer<typeof reportSchema>;

export const myPartySchema = z.object({
  homes: z.array(named.extend({ units: z.array(named) })).describe('我居住的社区（可报到）及其大党委成员单位'),
  registration: memberSchema.nullable(),
  record: z.object({
    wishesClaimed: z.number(),
    wishesFulfilled: z.number(),
    tasksClaimed: z.number(),
    tasksDone: z.number(),
    serviceMinutes: z.number(),
    services: z.array(z.object({ taskId: z.number(), title: z.string(), status: z.enum(['claimed', 'done']), minutes: z.number().nullable(), startsAt: z.string() })),
  }),
  tasks: z.array(taskSchema).describe('本社区开放的任务'),
});

export const liaisonViewSchema = z.object({ items: z.array(z.object({ liaison: liaisonSchema, report: reportSchema })) });

export const communityListSchema = z.object({ items: z.array(named) });
