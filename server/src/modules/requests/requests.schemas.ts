import { z } from 'zod';
import { REQUEST_TYPES } from './categories.ts';
import { STATUSES } from './lifecycle.ts';

export const PARTIES = ['property', 'owners_committee', 'self_management_committee', 'residents_committee', 'department'] as const;
export const partySchema = z.enum(PARTIES);
export const requestTypeSchema = z.enum(REQUEST_TYPES);
export const statusSchema = z.enum(STATUSES);
export const channelSchema = z.enum(['h5', 'phone', 'walk_in', 'visit', 'open311']);

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const categorySchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  defaultParty: z.enum(['property', 'owners_committee', 'residents_committee', 'department']),
  responseMinutes: z.number(),
  resolutionMinutes: z.number(),
  workingTime: z.boolean(),
  active: z.boolean(),
});

export const categoryPatchSchema = z
  .object({
    responseMinutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
    resolutionMinutes: z.number().int().min(1).max(60 * 24 * 90).optional(),
    workingTime: z.boolean().optional(),
    active: z.boolean().optional(),
    defaultParty: z.enum(['property', 'owners_committee', 'residents_committee', 'department']).optional(),
    nameZh: z.string().trim().min(1).max(40).optional(),
    nameEn: z.string().trim().min(1).max(60).optional(),
  })
  .strict()
  // An empty change is a mistake on the caller's side (found by the access matrix: it reached SQL as `set` of nothing).
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });

/** A new category (区管理员): its code is the stable key Open311 clients see as service_code. */
export const categoryCreateSchema = z
  .object({
    code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _, 2–40, starting with a letter'),
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    defaultParty: z.enum(['property', 'owners_committee', 'residents_committee', 'department']),
    responseMinutes: z.number().int().min(1).max(60 * 24 * 30),
    resolutionMinutes: z.number().int().min(1).max(60 * 24 * 90),
    workingTime: z.boolean(),
    active: z.boolean().default(true),
  })
  .strict();

/** The working-time calendar (节假日与调休): one row per day, a day is either a holiday or a make-up workday. */
export const holidayKindSchema = z.enum(['holiday', 'workday']);
export const holidaySchema = z.object({ day: z.string().describe('YYYY-MM-DD'), kind: holidayKindSchema, name: z.string() });
export const holidayYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, 'not a real date');
export const holidayCreateSchema = z.object({ day: isoDay, kind: holidayKindSchema, name: z.string().trim().min(1).max(40) }).strict();
export const holidayDayParams = z.object({ day: isoDay });

const text = (max: number) => z.string().trim().min(1).max(max);

const raiseFields = {
  categoryId: z.number().int().positive(),
  type: requestTypeSchema,
  description: text(2000),
  locationPlaceId: z.number().int().positive().optional().describe('楼栋或单元'),
  locationText: z.string().trim().max(200).optional(),
  urgency: z.enum(['normal', 'urgent']).default('normal'),
  photoIds: z.array(z.string().regex(/^[\w-]{10,64}$/)).max(9).default([]),
};

/** A resident raises a request from the H5 for a compound where they live. */
export const raiseBodySchema = z.object({ ...raiseFields, compoundId: z.number().int().positive() }).strict();
export type RaiseInput = z.infer<typeof raiseBodySchema>;

/** Staff raise a request on a resident's behalf; the channel is recorded. */
export const raiseForBodySchema = z
  .object({ ...raiseFields, compoundId: z.number().int().positive(), residentId: z.number().int().positive().optional(), channel: z.enum(['phone', 'walk_in', 'visit']) })
  .strict();
export type RaiseForInput = z.infer<typeof raiseForBodySchema>;

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('同一个键不会创建两个诉求'),
});

export const requestSummarySchema = z.object({
  id: z.number(),
  type: requestTypeSchema,
  category: z.object({ id: z.number(), name: z.string() }),
  description: z.string(),
  status: statusSchema,
  urgency: z.enum(['normal', 'urgent']),
  compound: z.object({ id: z.number(), name: z.string() }),
  assigneeParty: partySchema.nullable(),
  escalationLevel: z.enum(['compound', 'community', 'street']),
  channel: channelSchema,
  createdAt: z.string(),
  responseDueAt: z.string(),
  resolutionDueAt: z.string(),
  overdue: z.boolean(),
  rating: z.number().nullable(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

export const timelineEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const departmentReportSchema = z.object({
  id: z.number(),
  departmentId: z.number(),
  departmentName: z.string(),
  ackDueAt: z.string(),
  actionDueAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  actedAt: z.string().nullable(),
  actionNote: z.string().nullable(),
  ackMissed: z.boolean(),
  actionMissed: z.boolean(),
});

export const requestDetailSchema = requestSummarySchema.extend({
  locationText: z.string().nullable(),
  locationPlace: z.object({ id: z.number(), name: z.string() }).nullable(),
  assigneeDepartment: z.object({ id: z.number(), name: z.string() }).nullable(),
  resident: z.object({ id: z.number(), name: z.string() }).nullable(),
  acceptedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  ratingComment: z.string().nullable(),
  mergedInto: z.number().nullable(),
  photos: z.array(z.object({ id: z.string(), purpose: z.enum(['report', 'resolution']), url: z.string() })),
  timeline: z.array(timelineEventSchema),
  departmentReports: z.array(departmentReportSchema),
  returnVisit: z.object({ dueAt: z.string(), doneAt: z.string().nullable(), reached: z.boolean().nullable(), satisfied: z.boolean().nullable(), note: z.string().nullable() }).nullable(),
  allowedActions: z.array(z.string()).describe('当前用户在此状态下可执行的操作'),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const queueQuerySchema = z.object({
  status: z.union([statusSchema, z.literal('open')]).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  placeId: z.coerce.number().int().positive().optional().describe('社区或小区'),
  overdue: z.enum(['true', 'false']).optional(),
  escalation: z.enum(['compound', 'community', 'street']).optional(),
  party: partySchema.optional(),
  sort: z.enum(['deadline', 'newest']).default('deadline'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const queuePageSchema = z.object({ items: z.array(requestSummarySchema), total: z.number() });

export const assignBodySchema = z.object({ party: partySchema.optional().describe('默认按类别'), departmentId: z.number().int().positive().optional(), note: z.string().trim().max(500).optional() }).strict();
export const bulkAssignBodySchema = z.object({ ids: z.array(z.number().int().positive()).min(1).max(100), party: partySchema.optional(), departmentId: z.number().int().positive().optional() }).strict();
export const noteBodySchema = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export const reasonBodySchema = z.object({ reason: text(500) }).strict();
export const resolveBodySchema = z.object({ note: text(2000), photoIds: z.array(z.string().regex(/^[\w-]{10,64}$/)).max(9).default([]) }).strict();
export const rateBodySchema = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }).strict();
export const mergeBodySchema = z.object({ intoId: z.number().int().positive() }).strict();
export const returnVisitBodySchema = z.object({ reached: z.boolean(), satisfied: z.boolean().optional(), note: z.string().trim().max(1000).optional() }).strict();

export const whistleBodySchema = z
  .object({
    departmentIds: z.array(z.number().int().positive()).min(1).max(10),
    reason: text(500),
    ackMinutes: z.number().int().min(5).max(7 * 1440).optional().describe('报到时限，紧急诉求默认30分钟'),
    actionMinutes: z.number().int().min(30).max(90 * 1440).optional(),
  })
  .strict();

export const measuresQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const measuresSchema = z.object({
  place: z.object({ id: z.number(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  requests: z.number(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  averageResponseMinutes: z.number().nullable(),
  averageResolutionMinutes: z.number().nullable(),
  score: z.number().nullable(),
  weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }),
  departments: z.array(z.object({ departmentId: z.number(), name: z.string(), reports: z.number(), ackOnTime: z.number(), actionOnTime: z.number(), ackMissed: z.number(), actionMissed: z.number() })),
});
