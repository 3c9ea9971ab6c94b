import { z } from 'zod';
import { ROLES } from '../../platform/roles.ts';
import { phoneSchema, roleAssignmentSchema } from '../auth/index.ts';

export const idNumberSchema = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, 'INVALID_ID_NUMBER').describe('居民身份证号码');

export const personSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  roles: z.array(roleAssignmentSchema),
});

export const peopleQuerySchema = z.object({
  placeId: z.coerce.number().int().positive().optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().trim().min(1).max(50).optional().describe('姓名（模糊）或完整手机号'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const peoplePageSchema = z.object({ items: z.array(personSummarySchema), total: z.number() });

export const CONSENT_PURPOSES = ['sensitive_profile', 'publication', 'volunteer_record', 'sharing'] as const;

export const personDetailSchema = z.object({
  id: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  hasSensitiveFlags: z.boolean(),
  roles: z.array(roleAssignmentSchema),
  consents: z.array(z.object({ purpose: z.string(), grantedAt: z.string(), withdrawnAt: z.string().nullable() })),
});

export const specialFlagsSchema = z.object({
  elderlyAlone: z.boolean().describe('独居老人'),
  disability: z.boolean().describe('残疾'),
  lowIncome: z.boolean().describe('低收入/低保'),
});
export type SpecialFlags = z.infer<typeof specialFlagsSchema>;

export const revealBodySchema = z.object({
  fields: z.array(z.enum(['phone', 'idNumber', 'flags'])).min(1),
  reason: z.string().trim().min(2).max(200).describe('查看理由，写入访问日志'),
});
export const revealResultSchema = z.object({
  phone: z.string().optional(),
  idNumber: z.string().nullable().optional(),
  flags: specialFlagsSchema.nullable().optional(),
});

export const createPersonBodySchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    phone: phoneSchema,
    idNumber: idNumberSchema.optional(),
    password: z.string().min(1).max(128).optional(),
    flags: specialFlagsSchema.optional(),
    /** Separate consent (PIPL art. 29) is required before sensitive fields are stored. */
    sensitiveConsent: z.boolean().default(false),
    /** Everybody hangs somewhere in the tree: the first role places the person in someone's scope. */
    role: z.enum(ROLES),
    placeId: z.number().int().positive(),
  })
  .strict();
export type CreatePersonInput = z.infer<typeof createPersonBodySchema>;

export const createRoleBodySchema = z
  .object({
    personId: z.number().int().positive(),
    role: z.enum(ROLES),
    placeId: z.number().int().positive(),
    local: z.boolean().default(false).describe('本地专员（社区本地社工）'),
    validFrom: z.iso.datetime({ offset: true }).optional(),
    validTo: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type CreateRoleInput = z.infer<typeof createRoleBodySchema>;

export const homeSchema = z.object({
  homes: z.array(
    z.object({
      householdId: z.number(),
      householdName: z.string(),
      relation: z.enum(['owner', 'resident']),
      compound: z.object({ id: z.number(), name: z.string(), servicePoint: z.object({ address: z.string().nullable(), hours: z.string().nullable() }) }),
      community: z.object({ id: z.number(), name: z.string() }),
      commissioners: z.array(z.object({ name: z.string(), phone: z.string().describe('专员工作电话（向本小区居民公开）') })),
    }),
  ),
});
