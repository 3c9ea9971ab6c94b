import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('北京时间日期 YYYY-MM-DD');

export const summaryQuerySchema = z
  .object({
    placeId: z.coerce.number().int().positive().optional().describe('默认：本人管辖的最高一级地点'),
    from: day.optional().describe('默认：截止日前 29 天'),
    to: day.optional().describe('默认：今天'),
  })
  .strict();
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

const rate = z.number().nullable();
export const headlineSchema = z.object({
  requests: z.number(),
  open: z.number().nullable(),
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  averageResponseMinutes: z.number().nullable(),
  averageResolutionMinutes: z.number().nullable(),
  overdue: z.number(),
  whistles: z.number(),
  wishesPosted: z.number(),
  wishesConfirmed: z.number(),
  volunteerHours: z.number(),
  volunteerAttendances: z.number(),
  volunteerActivities: z.number(),
  pointsIssued: z.number(),
  pointsRedeemed: z.number(),
  compounds: z.number().nullable(),
  coveredCompounds: z.number().nullable(),
  commissioners: z.number().nullable(),
  localCommissionerShare: rate,
  projectsProposed: z.number(),
  projectsContracted: z.number(),
  projectsEvaluated: z.number(),
  fundsRaisedFen: z.number().describe('分'),
  fundsPaidFen: z.number().describe('分'),
  fundsBalanceFen: z.number().nullable().describe('分，期末余额'),
  deliberationTopics: z.number(),
  deliberationDays: z.number(),
  votes: z.number(),
  conventionsAdopted: z.number().describe('公约通过（版本）'),
  conventionsFiled: z.number().describe('公约备案提交'),
  conventionsInForce: z.number().describe('期末生效公约数'),
  organisations: z.object({ registered: z.number(), filed: z.number(), communityGuided: z.number() }).nullable().describe('社会组织，按当前状态'),
});

const placeRef = z.object({ id: z.number(), name: z.string(), kind: z.string() });

export const summarySchema = z.object({
  place: placeRef,
  /** From the caller's top place down to this one, for the drill-down trail. */
  trail: z.array(placeRef),
  from: day,
  to: day,
  headline: headlineSchema,
  /** The same measures over the period of equal length just before (趋势). */
  previous: headlineSchema,
  /** Every summed measure over the period, by name (modules add names). */
  totals: z.record(z.string(), z.number()),
  series: z.array(z.object({ day, raised: z.number(), resolved: z.number(), overdue: z.number(), satisfied: z.number(), rated: z.number() })),
  children: z.array(placeRef.extend({ headline: headlineSchema })),
});
export type Summary = z.infer<typeof summarySchema>;

export const mapQuerySchema = z.object({ placeId: z.coerce.number().int().positive() }).strict();
export const liveQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional() }).strict();

export const alertsQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional(), days: z.coerce.number().int().min(1).max(90).default(7) }).strict();
export const alertListSchema = z.object({
  items: z.array(z.object({
    id: z.number(), placeId: z.number(), placeName: z.string(), kind: z.enum(['overdue_spike', 'volume_spike', 'wishes_unclaimed', 'fund_low']),
    day: day, value: z.number(), baseline: z.number().nullable(), createdAt: z.string(),
  })),
});
