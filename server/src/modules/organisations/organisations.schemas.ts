import { z } from 'zod';

/** Service categories of organisations, needs and projects (the purchase directory is kept per category). */
export const SERVICE_CATEGORIES = ['elderly', 'children', 'disability', 'environment', 'culture', 'governance', 'safety', 'health', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
/** 登记 registered with civil affairs; 备案 filed with the street; 社区指导 guided by the residents' committee. */
export const ORGANISATION_STATUSES = ['registered', 'filed', 'community_guided'] as const;
export const INCUBATION_MODES = ['in_station', 'off_station', 'online'] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const incubationParams = z.object({ id: z.coerce.number().int().positive(), incubationId: z.coerce.number().int().positive() });

export const organisationBodySchema = z
  .object({
    name: z.string().trim().min(2).max(80),
    status: z.enum(ORGANISATION_STATUSES).describe('registered 登记；filed 备案；community_guided 社区指导'),
    personInCharge: z.string().trim().min(1).max(40).describe('负责人姓名'),
    charter: z.string().trim().max(2000).default('').describe('章程（社区社会组织可为简易章程）'),
    categories: z.array(z.enum(SERVICE_CATEGORIES)).min(1).max(9),
    placeId: z.number().int().positive().describe('登记或备案所在的街道或社区'),
    placesServed: z.array(z.number().int().positive()).max(50).default([]).describe('服务的社区或小区'),
    memberCount: z.number().int().min(0).max(100_000).default(0),
    isHub: z.boolean().default(false).describe('枢纽型社会组织（孵化其他组织）'),
    hubId: z.number().int().positive().nullable().default(null).describe('孵化它的枢纽型组织'),
    registeredOn: day.nullable().default(null),
  })
  .strict();
export type OrganisationInput = z.infer<typeof organisationBodySchema>;

export const organisationsQuerySchema = z.object({
  q: z.string().trim().max(40).optional(),
  status: z.enum(ORGANISATION_STATUSES).optional(),
  category: z.enum(SERVICE_CATEGORIES).optional(),
  servesPlaceId: z.coerce.number().int().positive().optional().describe('服务该地点（或其上级）'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type OrganisationsQuery = z.infer<typeof organisationsQuerySchema>;

export const incubationBodySchema = z
  .object({
    mode: z.enum(INCUBATION_MODES).describe('in_station 站内孵化；off_station 站外指导；online 线上云孵化'),
    startedOn: day,
    mentorNote: z.string().trim().max(1000).default(''),
    hubId: z.number().int().positive().nullable().default(null),
  })
  .strict();
export type IncubationInput = z.infer<typeof incubationBodySchema>;
export const graduateBodySchema = z.object({ graduatedOn: day, mentorNote: z.string().trim().max(1000).optional() }).strict();
export const directoryBodySchema = z.object({ category: z.enum(SERVICE_CATEGORIES), listedOn: day }).strict();
export const memberBodySchema = z.object({ personId: z.number().int().positive() }).strict();
export const directoryQuerySchema = z.object({ category: z.enum(SERVICE_CATEGORIES).optional() });

const named = z.object({ id: z.number(), name: z.string() });
export const organisationSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(ORGANISATION_STATUSES),
  personInCharge: z.string(),
  charter: z.string(),
  categories: z.array(z.enum(SERVICE_CATEGORIES)),
  place: named,
  placesServed: z.array(named),
  memberCount: z.number(),
  isHub: z.boolean(),
  hub: named.nullable(),
  registeredOn: z.string().nullable(),
  directoryCategories: z.array(z.enum(SERVICE_CATEGORIES)).describe('已入名录库的类别'),
  annualReportDue: z.array(z.string()).describe('登记的社会团体：年度报告截止日（3/31 报业务主管单位，5/31 报登记机关）'),
});
export type OrganisationDto = z.infer<typeof organisationSchema>;
export const incubationSchema = z.object({
  id: z.number(),
  mode: z.enum(INCUBATION_MODES),
  hub: named.nullable(),
  startedOn: z.string(),
  mentorNote: z.string(),
  graduatedOn: z.string().nullable(),
});
const ratingsSchema = z.object({ average: z.number().nullable(), count: z.number(), projects: z.number() }).describe('居民对其承接项目的评价（平均星级、评价数、项目数）');
export const organisationDetailSchema = organisationSchema.extend({
  ratings: ratingsSchema,
  annualReports: z.array(z.object({
    id: z.number(), deadline: z.string(), addressee: z.enum(['sponsor', 'registrar']).describe('sponsor 业务主管单位（3/31）；registrar 登记管理机关（5/31）'),
    filedOn: z.string().nullable(), remindedBeforeAt: z.string().nullable(), remindedOverdueAt: z.string().nullable(),
  })).describe('年报截止日与提醒'),
  incubations: z.array(incubationSchema),
  members: z.array(named),
  incubated: z.array(named).describe('它孵化的组织（枢纽型）'),
});
export const organisationPageSchema = z.object({ total: z.number(), items: z.array(organisationSchema) });
export const directorySchema = z.array(z.object({ category: z.enum(SERVICE_CATEGORIES), listedOn: z.string(), organisation: named }));
export const publicOrganisationSchema = organisationSchema.pick({ id: true, name: true, status: true, personInCharge: true, charter: true, categories: true, place: true, placesServed: true, isHub: true, hub: true }).extend({ ratings: ratingsSchema });
export const annualReportParams = z.object({ id: z.coerce.number().int().positive(), reportId: z.coerce.number().int().positive() });
export const annualReportBodySchema = z.object({ filedOn: day }).strict();
