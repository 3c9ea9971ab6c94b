import crypto from 'node:crypto';

export const SESSION_COOKIE = 'gz_session';
export const CSRF_HEADER = 'x-csrf-token';
/** 等保 2.0 practice: a session ends after 30 idle minutes. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** last_seen_at is written at most once a minute, not on every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Only the hash of a session token is stored, so a leaked table does not hand out sessions. */
export function sessionIdOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
