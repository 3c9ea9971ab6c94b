/**
 * Error codes of the security administrator's TOTP reset (重置双因素认证), with statuses and messages in both
 * languages. Spread into platform/errors.ts and platform/messages.ts (one line each). No imports: errors.ts reads this.
 */
export const totpResetErrorStatus = {
  /** Nobody resets their own second factor: that is what disabling it with a code is for. */
  TOTP_RESET_OWN: 403,
  /** The person has no authenticator linked (nothing to reset). */
  TOTP_RESET_NOTHING: 409,
} as const;

export const totpResetMessages: Record<'zh-CN' | 'en-US', Record<keyof typeof totpResetErrorStatus, string>> = {
  'zh-CN': {
    TOTP_RESET_OWN: '不能重置自己的双因素认证：请在“账号安全”中用验证码或恢复码关闭，或请另一位安全管理员处理。',
    TOTP_RESET_NOTHING: '此人尚未绑定身份验证器，无需重置。',
  },
  'en-US': {
    TOTP_RESET_OWN: 'You cannot reset your own two-factor authentication: turn it off under Account security with a code or a recovery code, or ask another security administrator.',
    TOTP_RESET_NOTHING: 'This person has no authenticator linked; there is nothing to reset.',
  },
};
