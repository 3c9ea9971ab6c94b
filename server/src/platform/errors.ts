import { messages, type Locale } from './messages.ts';
import { projectErrorStatus } from '../modules/projects/projects.errors.ts';
import { conventionErrorStatus } from '../modules/conventions/conventions.errors.ts';
import { totpResetErrorStatus } from '../modules/auth/totp-reset.errors.ts';

/** Stable, machine-readable error codes; a client may test them. Each maps to one HTTP status. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  /** A NUL character in the input (platform/input-hygiene.ts). */
  INVALID_CHARACTER: 400,
  INVALID_PHONE: 400,
  INVALID_ID_NUMBER: 400,
  WEAK_PASSWORD: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_SMS_CODE: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  /** 双因素认证 (modules/auth/totp.service.ts). */
  TOTP_REQUIRED: 401,
  INVALID_TOTP_CODE: 401,
  TOTP_CHALLENGE_EXPIRED: 401,
  TOTP_ENROLMENT_REQUIRED: 403,
  TOTP_ENFORCED: 409,
  TOTP_ALREADY_ENABLED: 409,
  TOTP_NOT_STARTED: 409,
  NOT_FOUND: 404,
  PHONE_TAKEN: 409,
  CONFLICT: 409,
  /** 三权分立: one person, two of system / security / audit administrator (platform/separation-of-duties.ts). */
  ADMIN_ROLES_SEPARATED: 409,
  FILE_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_FILE: 415,
  IMPORT_REJECTED: 422,
  PLACE_KIND_MISMATCH: 422,
  INVALID_TRANSITION: 409,
  NO_SUCH_PARTY: 422,
  REOPEN_WINDOW_CLOSED: 422,
  PHOTO_NOT_FOUND: 422,
  NOT_A_RESIDENT: 422,
  NOT_ELIGIBLE_FOR_ERRAND: 422,
  ERRAND_INCOMPLETE: 422,
  ERRAND_CLOSED: 409,
  WISH_NOT_OPEN: 409,
  WISH_ALREADY_CLAIMED: 409,
  WISH_WRONG_STATUS: 409,
  WISH_DEADLINE_INVALID: 422,
  WISH_PROOF_REQUIRED: 422,
  WISH_EXPIRED: 422,
  WISH_CLAIM_ROLE: 403,
  WISH_UNIT_REQUIRED: 422,
  DEMAND_CLOSED: 409,
  SURVEY_CLOSED: 409,
  SURVEY_ALREADY_ANSWERED: 409,
  CONSULTATION_CLOSED: 409,
  VOLUNTEER_NOT_REGISTERED: 409,
  VOLUNTEER_ALREADY_REGISTERED: 409,
  VOLUNTEER_CONSENT_REQUIRED: 422,
  ACTIVITY_CANCELLED: 409,
  ACTIVITY_ENDED: 409,
  ALREADY_SIGNED_UP: 409,
  QR_SIGNATURE_INVALID: 403,
  QR_EXPIRED: 410,
  CHECK_IN_NOT_OPEN: 409,
  CHECK_OUT_NOT_OPEN: 409,
  NOT_SIGNED_UP: 409,
  NOT_CHECKED_IN: 409,
  ALREADY_CHECKED_OUT: 409,
  ALREADY_CHECKED_IN: 409,
  HOURS_NOT_MEASURED: 409,
  HOURS_ALREADY_CONFIRMED: 409,
  HOURS_NOT_CONFIRMED: 409,
  HOURS_WINDOW_CLOSED: 409,
  HOURS_REASON_REQUIRED: 422,
  NO_CONFIRMED_HOURS: 409,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  INSUFFICIENT_POINTS: 409,
  OUT_OF_STOCK: 409,
  LISTING_UNAVAILABLE: 409,
  MERCHANT_NOT_APPROVED: 409,
  MERCHANT_DECIDED: 409,
  VOUCHER_CLOSED: 409,
  CATEGORY_CODE_TAKEN: 409,
  DAY_ALREADY_SET: 409,
  WORKDAY_ON_WEEKDAY: 422,
  LIMITS_OUT_OF_ORDER: 422,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  /** An in-process rate limit (platform/rate-limit.ts); Retry-After says when. */
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  /** A statement outlived GONGZHI_STATEMENT_TIMEOUT_MS and was cancelled (platform/overload.ts). */
  QUERY_TIMEOUT: 503,
  /** No database connection became free within GONGZHI_POOL_WAIT_MS. */
  DATABASE_BUSY: 503,
  // The party side (大党委, 双报到, 联点) and micro-charity (微公益).
  PARTY_CONSENT_REQUIRED: 422,
  PARTY_NOT_HOME: 422,
  PARTY_ALREADY_REGISTERED: 409,
  PARTY_WRONG_STATUS: 409,
  PARTY_UNIT_TAKEN: 409,
  PARTY_NOT_MEMBER: 409,
  PARTY_TASK_CLOSED: 409,
  PARTY_TASK_FULL: 409,
  PARTY_TASK_ALREADY_CLAIMED: 409,
  PARTY_LIAISON_EXISTS: 409,
  CHARITY_DRIVE_CLOSED: 409,
  CHARITY_DATES_INVALID: 422,
  CHARITY_INSUFFICIENT_FUNDS: 409,
  CHARITY_INSUFFICIENT_GOODS: 409,
  CHARITY_PLEDGE_MISMATCH: 422,
  SURVEY_QUESTION_NOT_CHOICE: 422,
  SURVEY_OPTION_EMPTY: 422,
  VOTE_NOT_ANNOUNCED: 409,
  VOTE_NOTICE_NOT_OVER: 409,
  VOTE_WRONG_STATUS: 409,
  VOTE_NOT_OPEN: 409,
  VOTE_ALREADY_CAST: 409,
  VOTE_NO_BALLOT: 409,
  VOTE_UNDO_EXPIRED: 409,
  VOTE_NOT_IN_ELECTORATE: 403,
  VOTE_NO_ELECTORATE: 422,
  VOTE_WINDOW_NOT_OVER: 409,
  VOTE_NOT_PROXY: 403,
  TOPIC_ALREADY_SECONDED: 409,
  TOPIC_NOT_OPEN: 409,
  /** 台账: the export is still being written (or failed). */
  LEDGER_NOT_READY: 409,
  LEDGER_TOO_LARGE_FOR_PDF: 422,
  ...projectErrorStatus,
  ...conventionErrorStatus,
  ...totpResetErrorStatus,
  /** The first request with this Idempotency-Key is still being worked on. */
  IDEMPOTENCY_KEY_IN_FLIGHT: 409,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** Domain code throws this; one handler turns it into a status and a message in the caller's language. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template = messages[locale][code] ?? messages['zh-CN'][code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
