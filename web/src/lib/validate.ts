// Client-side checks mirror the server's, so people see mistakes before sending.
export const PHONE_RE = /^1[3-9]\d{9}$/;
export const ID_NUMBER_RE = /^\d{17}[\dXx]$/;

/** At least 8 characters from at least 3 of 4 classes (等保 password rule). */
export function isStrongPassword(p: string): boolean {
  if (p.length < 8) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  return classes >= 3;
}
