import { z } from 'zod';
import { ROLES } from '../../platform/roles.ts';

/** Custom messages are error codes; the error handler turns them into the caller's language. */
export const phoneSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, 'INVALID_PHONE').describe('中国大陆手机号');

export const placeKindSchema = z.enum(['district', 'street', 'community', 'compound', 'building', 'unit', 'household', 'grid', 'department']);

export const roleAssignmentSchema = z.object({
  id: z.number(),
  role: z.enum(ROLES),
  placeId: z.number(),
  placeName: z.string(),
  placeKind: placeKindSchema,
  local: z.boolean(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export type RoleAssignmentDto = z.infer<typeof roleAssignmentSchema>;

export const sessionSchema = z.object({
  person: z.object({ id: z.number(), name: z.string(), phoneMasked: z.string() }),
  roles: z.array(roleAssignmentSchema),
  csrfToken: z.string(),
});
export type SessionDto = z.infer<typeof sessionSchema>;

export const loginBodySchema = z.object({
  phone: phoneSchema,
  password: z.string().min(1).max(128),
});

export const smsRequestBodySchema = z.object({ phone: phoneSchema });
export const smsLoginBodySchema = z.object({ phone: phoneSchema, code: z.string().regex(/^\d{6}$/, 'INVALID_SMS_CODE') });

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

/** 双因素认证: the second step answers the challenge that came with 401 TOTP_REQUIRED. */
export const totpSignInBodySchema = z.object({
  challenge: z.string().trim().min(16).max(100),
  code: z.string().trim().min(6).max(20).describe('6 位动态验证码，或一个恢复码 XXXXX-XXXXX'),
}).strict();
export const totpCodeBodySchema = z.object({ code: z.string().trim().min(6).max(20) }).strict();
export const totpStatusSchema = z.object({
  enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number(),
  required: z.boolean().describe('岗位要求（街道及以上的工作人员和管理员）'), enforced: z.boolean().describe('本部署已强制'),
});
export const totpEnrolmentSchema = z.object({ secret: z.string().describe('Base32，仅此一次显示'), otpauthUrl: z.string() });
export const totpConfirmedSchema = z.object({ recoveryCodes: z.array(z.string()).describe('恢复码，仅此一次显示') });

/** 重置双因素认证 (security administrator): who has an authenticator linked, and the reset with its reason. */
export const totpEnrolmentsSchema = z.object({
  items: z.array(z.object({
    personId: z.number().int(),
    name: z.string(),
    phoneMasked: z.string(),
    roles: z.array(z.string()),
    enabled: z.boolean().describe('已确认绑定（否则只是开始了绑定）'),
    enabledAt: z.string().nullable(),
    startedAt: z.string(),
    recoveryCodesLeft: z.number().int(),
  })),
});
export const totpResetBodySchema = z.object({
  personId: z.number().int().positive(),
  reason: z.string().trim().min(4).max(500).describe('重置原因（写入审计日志）'),
}).strict();
export const totpResetSchema = z.object({ personId: z.number().int(), resetAt: z.string(), sessionsEnded: z.number().int() });
