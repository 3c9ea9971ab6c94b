import crypto from 'node:crypto';

/**
 * Check-in QR codes (扫码签到): the organiser's phone shows a URL carrying the activity, the operation and an
 * expiry, signed with the district's server key (HMAC-SHA256). The volunteer opens it signed in; the server checks
 * the signature first (a forged or altered URL is refused even if also expired), then the expiry. The organiser's
 * page fetches a fresh URL every 20 seconds, so a photo of the code is useless a minute later.
 */
export const QR_TTL_SECONDS = 60;

export type QrOp = 'in' | 'out';
export type QrPayload = { activityId: number; op: QrOp; exp: number };

function mac(secret: string, p: QrPayload): Buffer {
  return crypto.createHmac('sha256', Buffer.from(secret, 'hex')).update(`gz-vol-qr/v1:${p.activityId}:${p.op}:${p.exp}`).digest();
}

export function signQr(secret: string, activityId: number, op: QrOp, now: Date): QrPayload & { sig: string } {
  const exp = Math.floor(now.getTime() / 1000) + QR_TTL_SECONDS;
  const p = { activityId, op, exp };
  return { ...p, sig: mac(secret, p).toString('base64url') };
}

export type QrCheck = 'ok' | 'forged' | 'expired';

export function checkQr(secret: string, p: QrPayload & { sig: string }, now: Date): QrCheck {
  const given = Buffer.from(p.sig, 'base64url');
  const expected = mac(secret, p);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'forged';
  return p.exp * 1000 < now.getTime() ? 'expired' : 'ok';
}

export function newQrSecret(): string {
  return crypto.randomBytes(32).toString('hex');
}

/** The path the QR encodes; the H5 page at this path posts the parameters back with the volunteer's session. */
export function qrPath(p: QrPayload & { sig: string }): string {
  return `/h5/volunteering/check?a=${p.activityId}&op=${p.op}&exp=${p.exp}&sig=${p.sig}`;
}
