import type { ErrorCode } from './errors.ts';

export type Locale = 'zh-CN' | 'en-US';

/** Picks the caller's language from Accept-Language; Chinese unless English is preferred. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

export const messages: Record<Locale, Record<ErrorCode, string>> = {
  'zh-CN': {
    VALIDATION_FAILED: '提交的内容有误，请按提示修改后重试。',
    BAD_REQUEST: '请求格式有误（例如 JSON 无法解析）。',
    INVALID_PHONE: '请输入11位中国大陆手机号码。',
    INVALID_ID_NUMBER: '身份证号码无效（请检查地区码、出生日期和校验位）。',
    WEAK_PASSWORD: '密码至少8位，且需包含大写字母、小写字母、数字、符号中的至少三类。',
    UNAUTHENTICATED: '请先登录。',
    INVALID_CREDENTIALS: '手机号或密码不正确。',
    INVALID_SMS_CODE: '验证码不正确或已过期，请重新获取。',
    SESSION_EXPIRED: '登录已超时（30分钟无操作），请重新登录。',
    FORBIDDEN: '您的角色无权进行此操作。',
    CSRF_FAILED: '请求校验失败，请刷新页面后重试。',
    NOT_FOUND: '找不到该记录，或不在您的管辖范围内。',
    PHONE_TAKEN: '该手机号已注册。',
    CONFLICT: '数据已被修改，请刷新后重试。',
    FILE_TOO_LARGE: '文件过大（上限 {limit}）。',
    PAYLOAD_TOO_LARGE: '提交的内容过大。',
    UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型。',
    UNSUPPORTED_FILE: '不支持该文件类型，请上传 {expected} 文件。',
    IMPORT_REJECTED: '导入文件中有 {count} 行错误，未做任何修改。请下载标注了错误原因的文件，修改后重新导入。',
    PLACE_KIND_MISMATCH: '该地点类型不支持此操作（需要：{expected}）。',
    INVALID_TRANSITION: '诉求当前状态为“{status}”，不能执行此操作；请刷新后查看最新进展。',
    NO_SUCH_PARTY: '该小区没有{party}，请改派给其他责任方。',
    REOPEN_WINDOW_CLOSED: '办结已超过7天，不能重新打开；如有新问题请重新提交诉求。',
    PHOTO_NOT_FOUND: '有照片未上传成功或已被使用，请重新上传。',
    NOT_A_RESIDENT: '您不是该小区的登记居民，不能为该小区提交诉求；请联系小区专员。',
    ACCOUNT_LOCKED: '连续登录失败次数过多，账号已锁定至 {until}。',
    TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试。',
    INTERNAL: '服务器内部错误，请稍后重试；如持续出现请联系管理员。',
    NOT_READY: '服务暂不可用，请稍后重试。',
  },
  'en-US': {
    VALIDATION_FAILED: 'Some fields are not valid. Please correct them and try again.',
    BAD_REQUEST: 'The request is malformed (for example, the JSON cannot be parsed).',
    INVALID_PHONE: 'Enter an 11-digit mainland China mobile number.',
    INVALID_ID_NUMBER: 'This ID number is not valid (check the region code, birth date and check digit).',
    WEAK_PASSWORD: 'A password needs at least 8 characters from at least three of: upper case, lower case, digits, symbols.',
    UNAUTHENTICATED: 'Please sign in.',
    INVALID_CREDENTIALS: 'The phone number or password is wrong.',
    INVALID_SMS_CODE: 'The code is wrong or has expired; request a new one.',
    SESSION_EXPIRED: 'Your session ended after 30 idle minutes; please sign in again.',
    FORBIDDEN: 'Your role may not do this.',
    CSRF_FAILED: 'The request could not be verified; reload the page and try again.',
    NOT_FOUND: 'Not found, or outside the places you are responsible for.',
    PHONE_TAKEN: 'This phone number is already registered.',
    CONFLICT: 'The record changed meanwhile; reload and try again.',
    FILE_TOO_LARGE: 'The file is too large (limit {limit}).',
    PAYLOAD_TOO_LARGE: 'The request body is too large.',
    UNSUPPORTED_MEDIA_TYPE: 'This content type is not accepted.',
    UNSUPPORTED_FILE: 'This kind of file is not accepted; upload a {expected} file.',
    IMPORT_REJECTED: '{count} rows of the file have errors and nothing was changed. Download the file with the error column, fix it and import again.',
    PLACE_KIND_MISMATCH: 'This place cannot be used here (expected: {expected}).',
    INVALID_TRANSITION: 'The request is "{status}" and cannot take this step; reload to see where it stands.',
    NO_SUCH_PARTY: 'This compound has no {party}; route the request to another party.',
    REOPEN_WINDOW_CLOSED: 'More than 7 days have passed since it was resolved; please raise a new request.',
    PHOTO_NOT_FOUND: 'A photo was not uploaded or is already used; upload it again.',
    NOT_A_RESIDENT: 'You are not a registered resident of this compound; please contact the commissioner.',
    ACCOUNT_LOCKED: 'Too many failed sign-ins; the account is locked until {until}.',
    TOO_MANY_REQUESTS: 'Too many attempts; please wait and try again.',
    INTERNAL: 'Something went wrong on the server; please try again, and tell an administrator if it persists.',
    NOT_READY: 'The service is not available yet; please try again shortly.',
  },
};
