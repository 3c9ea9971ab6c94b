import { z } from 'zod';

const id = z.coerce.number().int().positive();
export const idParams = z.object({ id });
export const codeParams = z.object({ code: z.string().trim().regex(/^[A-Z0-9]{12}$/) });
const tag = z.string().trim().min(1).max(20);
const named = z.object({ id: z.number(), name: z.string() });

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('同一个键不会重复报名'),
});

/** 志愿服务记录与证明出具办法 art. 5 profile; name and phone come from the person record. */
const profileFields = {
  sex: z.enum(['male', 'female']),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('出生日期 YYYY-MM-DD'),
  idNumber: z.string().trim().optional().describe('身份证件号码（加密存储，仅掩码显示）'),
  homePlaceId: z.number().int().positive().describe('居住区域（社区或小区）'),
  skills: z.array(tag).max(20).default([]).describe('专业技能'),
  serviceCategories: z.array(tag).max(20).default([]).describe('服务类别'),
  consent: z.boolean().describe('本人同意登记上述信息（第六条）'),
};
export const registerSelfBodySchema = z.object(profileFields).strict();
export type RegisterSelfInput = z.infer<typeof registerSelfBodySchema>;
export const registerVolunteerBodySchema = z.object({ personId: z.number().int().positive(), ...profileFields }).strict();
export type RegisterVolunteerInput = z.infer<typeof registerVolunteerBodySchema>;

export const volunteerSchema = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string(),
  homePlace: named,
  skills: z.array(z.string()),
  serviceCategories: z.array(z.string()),
  recordingOrg: z.string().describe('记录单位'),
  registeredAt: z.string(),
});
export type VolunteerDto = z.infer<typeof volunteerSchema>;
export const myVolunteerSchema = z.object({ volunteer: volunteerSchema.nullable() });
export const volunteersQuerySchema = z.object({
  placeId: id.optional(),
  skill: z.string().trim().max(20).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type VolunteersQuery = z.infer<typeof volunteersQuerySchema>;
export const volunteerPageSchema = z.object({ items: z.array(volunteerSchema), total: z.number() });

export const createTeamBodySchema = z.object({
  name: z.string().trim().min(1).max(60),
  placeId: z.number().int().positive(),
  ledBySocialWorker: z.boolean().default(false).describe('社工带义工'),
  leaderId: z.number().int().positive().optional(),
  organisation: z.string().trim().max(60).optional().describe('所属社会组织（如有）'),
}).strict();
export type CreateTeamInput = z.infer<typeof createTeamBodySchema>;
export const teamSchema = z.object({
  id: z.number(), name: z.string(), place: named, ledBySocialWorker: z.boolean(), leader: named.nullable(), organisation: z.string().nullable(), members: z.number(),
});
export const teamListSchema = z.object({ items: z.array(teamSchema) });
export const addMemberBodySchema = z.object({ volunteerId: z.number().int().positive() }).strict();

export const createActivityBodySchema = z.object({
  title: z.string().trim().min(1).max(80),
  content: z.string().trim().min(1).max(2000).describe('服务内容'),
  placeId: z.number().int().positive(),
  address: z.string().trim().min(1).max(120),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  slots: z.number().int().min(1).max(1000),
  skillsWanted: z.array(tag).max(20).default([]),
  need: z.string().trim().max(200).optional().describe('回应的需求（需求清单条目）'),
  teamId: z.number().int().positive().optional(),
}).strict().refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateActivityInput = z.infer<typeof createActivityBodySchema>;
export const createEmergencyBodySchema = z.object({
  title: z.string().trim().min(1).max(80),
  content: z.string().trim().min(1).max(2000),
  placeId: z.number().int().positive().describe('动员该地点（含下级）登记的全部志愿者'),
  address: z.string().trim().min(1).max(120),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  slots: z.number().int().min(1).max(1000),
}).strict().refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateEmergencyInput = z.infer<typeof createEmergencyBodySchema>;

export const activityStatusSchema = z.enum(['published', 'cancelled']);
export const activitySchema = z.object({
  id: z.number(),
  kind: z.enum(['regular', 'emergency']),
  title: z.string(),
  content: z.string(),
  place: named,
  address: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  slots: z.number(),
  confirmed: z.number(),
  waitlisted: z.number(),
  skillsWanted: z.array(z.string()),
  need: z.string().nullable(),
  team: named.nullable(),
  organiser: named,
  recordingOrg: z.string(),
  status: activityStatusSchema,
});
export type ActivityDto = z.infer<typeof activitySchema>;
export const activitiesQuerySchema = z.object({
  placeId: id.optional(),
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ActivitiesQuery = z.infer<typeof activitiesQuerySchema>;
export const activityPageSchema = z.object({ items: z.array(activitySchema), total: z.number() });

const hoursRecordSchema = z.object({
  id: z.number(), minutes: z.number(), kind: z.enum(['confirmed', 'corrected']), reason: z.string().nullable(), recordedBy: named, recordedAt: z.string(),
});
export const signupStatusSchema = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export const attendanceSchema = z.object({
  signupId: z.number(),
  volunteer: named,
  status: signupStatusSchema,
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  measuredMinutes: z.number().nullable().describe('签到至签退的实际分钟数'),
  hours: z.array(hoursRecordSchema).describe('时长记录，最新在前；更正是新记录'),
});
export const activityDetailSchema = activitySchema.extend({
  attendance: z.array(attendanceSchema),
  recordingDeadline: z.string().describe('活动结束后 10 个工作日'),
  duties: z.array(z.object({ id: z.number(), volunteer: named, post: z.string(), shiftStart: z.string(), shiftEnd: z.string() })),
});
export type ActivityDetailDto = z.infer<typeof activityDetailSchema>;

export const qrQuerySchema = z.object({ op: z.enum(['in', 'out']) });
export const qrSchema = z.object({ path: z.string().describe('二维码内容（相对地址，前端补全域名）'), expiresAt: z.string(), op: z.enum(['in', 'out']) });

export const confirmHoursBodySchema = z.object({
  minutes: z.number().int().min(0).max(1440).optional().describe('默认按签到签退实际时长'),
  reason: z.string().trim().min(2).max(200).optional().describe('与实际时长不一致时必填'),
}).strict();
export type ConfirmHoursInput = z.infer<typeof confirmHoursBodySchema>;
export const correctHoursBodySchema = z.object({ minutes: z.number().int().min(0).max(1440), reason: z.string().trim().min(2).max(200) }).strict();
export type CorrectHoursInput = z.infer<typeof correctHoursBodySchema>;

export const dutyBodySchema = z.object({
  volunteerId: z.number().int().positive(),
  post: z.string().trim().min(1).max(60).describe('岗位'),
  shiftStart: z.iso.datetime({ offset: true }),
  shiftEnd: z.iso.datetime({ offset: true }),
}).strict().refine((b) => Date.parse(b.shiftEnd) > Date.parse(b.shiftStart), { message: 'shiftEnd must be after shiftStart', path: ['shiftEnd'] });
export type DutyInput = z.infer<typeof dutyBodySchema>;

export const matchSchema = z.object({
  items: z.array(z.object({ volunteer: named, skills: z.array(z.string()), matchedSkills: z.array(z.string()), homePlace: named, treeDistance: z.number().describe('地点树上的距离（无坐标时的“就近”）') })),
});

export const myActivitySchema = activitySchema.extend({
  mySignup: z.object({ id: z.number(), status: signupStatusSchema, checkedInAt: z.string().nullable(), checkedOutAt: z.string().nullable() }).nullable(),
  treeDistance: z.number().nullable(),
});
export type MyActivityDto = z.infer<typeof myActivitySchema>;
export const myActivitiesSchema = z.object({ items: z.array(myActivitySchema) });

export const attendBodySchema = z.object({
  a: z.coerce.number().int().positive(),
  op: z.enum(['in', 'out']),
  exp: z.coerce.number().int().positive(),
  sig: z.string().trim().min(1).max(100),
}).strict();
export type AttendInput = z.infer<typeof attendBodySchema>;
export const attendResultSchema = z.object({
  activity: named, op: z.enum(['in', 'out']), at: z.string(), measuredMinutes: z.number().nullable(),
});

export const myHoursSchema = z.object({
  totalMinutes: z.number().describe('已确认的服务时长合计（分钟）'),
  pendingMinutes: z.number().describe('已签退待确认（分钟）'),
  items: z.array(z.object({
    activity: named, date: z.string(), place: z.string(), content: z.string(), recordingOrg: z.string(),
    measuredMinutes: z.number().nullable(), confirmedMinutes: z.number().nullable(), state: z.enum(['signed_up', 'checked_in', 'awaiting_confirmation', 'confirmed', 'corrected']),
  })),
  certificates: z.array(z.object({ code: z.string(), totalMinutes: z.number(), issuedAt: z.string() })),
});

export const certificateSchema = z.object({ code: z.string(), totalMinutes: z.number(), activityCount: z.number(), recordingOrg: z.string(), issuedAt: z.string() });
export const verificationSchema = z.object({
  valid: z.literal(true),
  code: z.string(),
  volunteerName: z.string().describe('姓名（部分遮蔽）'),
  totalHours: z.number(),
  activityCount: z.number(),
  content: z.string(),
  recordingOrg: z.string(),
  issuedAt: z.string(),
});

export const exportQuerySchema = z.object({
  placeId: id.optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
