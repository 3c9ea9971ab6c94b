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
