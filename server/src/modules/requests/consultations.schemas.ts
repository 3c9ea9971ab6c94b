import { z } from 'zod';

/** The three parties of a compound (三方): residents' committee, its owners' or self-management committee, the property company. */
export const CONSULTATION_PARTIES = ['residents_committee', 'owners_committee', 'self_management_committee', 'property'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];
export const consultationPartySchema = z.enum(CONSULTATION_PARTIES);

const uniqueParties = (min: number) =>
  z
    .array(consultationPartySchema)
    .min(min)
    .max(3)
    .refine((a) => new Set(a).size === a.length, { message: 'parties must not repeat' });

/** 小区协商铃: the commissioner convenes the parties on a request. */
export const conveneBodySchema = z
  .object({
    scheduledAt: z.iso.datetime({ offset: true }).describe('协商时间（ISO 8601，含时区）'),
    parties: uniqueParties(1).describe('受邀方：居委会、业委会或自管会（须与小区一致）、物业'),
    note: z.string().trim().max(500).optional().describe('地点、议题等说明，随邀请发送'),
  })
  .strict();
export type ConveneInput = z.infer<typeof conveneBodySchema>;

export const closeConsultationBodySchema = z
  .object({
    attended: uniqueParties(0).describe('实际到场的各方（须为受邀方）'),
    outcome: z.string().trim().min(1).max(2000).describe('协商结果'),
    toDeliberation: z.boolean().describe('提交公开议事（由议事模块接收）'),
  })
  .strict();
export type CloseConsultationInput = z.infer<typeof closeConsultationBodySchema>;

export const consultationSchema = z.object({
  id: z.number(),
  requestId: z.number(),
  status: z.enum(['scheduled', 'closed']),
  scheduledAt: z.string(),
  parties: z.array(consultationPartySchema),
  note: z.string().nullable(),
  convenedBy: z.object({ id: z.number(), name: z.string() }),
  invited: z.array(z.object({ party: consultationPartySchema, people: z.number() })).describe('各方收到邀请的人数（0 表示该方暂无在岗人员）'),
  attended: z.array(consultationPartySchema).nullable(),
  outcome: z.string().nullable(),
  toDeliberation: z.boolean(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ConsultationDto = z.infer<typeof consultationSchema>;

export const consultationListSchema = z.object({ items: z.array(consultationSchema) });
