// 志愿服务: shapes of server/src/modules/volunteering/volunteering.schemas.ts.
export interface Named { id: number; name: string }
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export interface Volunteer {
  id: number; personId: number; name: string; sex: 'male' | 'female'; birthDate: string; idNumberMasked: string | null; phoneMasked: string;
  homePlace: Named; skills: string[]; serviceCategories: string[]; recordingOrg: string; registeredAt: string;
}
export interface Activity {
  id: number; kind: 'regular' | 'emergency'; title: string; content: string; place: Named; address: string; startsAt: string; endsAt: string;
  slots: number; confirmed: number; waitlisted: number; skillsWanted: string[]; need: string | null; team: Named | null; organiser: Named;
  recordingOrg: string; status: 'published' | 'cancelled';
}
export interface MyActivity extends Activity {
  mySignup: { id: number; status: SignupStatus; checkedInAt: string | null; checkedOutAt: string | null } | null;
  treeDistance: number | null;
}
export interface HoursRecord { id: number; minutes: number; kind: 'confirmed' | 'corrected'; reason: string | null; recordedBy: Named; recordedAt: string }
export interface Attendance {
  signupId: number; volunteer: Named; status: SignupStatus; signedUpAt: string; checkedInAt: string | null; checkedOutAt: string | null;
  measuredMinutes: number | null; hours: HoursRecord[];
}
export interface ActivityDetail extends Activity {
  attendance: Attendance[]; recordingDeadline: string;
  duties: { id: number; volunteer: Named; post: string; shiftStart: string; shiftEnd: string }[];
}
export interface Match { volunteer: Named; skills: string[]; matchedSkills: string[]; homePlace: Named; treeDistance: number }
export type HoursState = 'signed_up' | 'checked_in' | 'awaiting_confirmation' | 'confirmed' | 'corrected';
export interface MyHours {
  totalMinutes: number; pendingMinutes: number;
  items: { activity: Named; date: string; place: string; content: string; recordingOrg: string; measuredMinutes: number | null; confirmedMinutes: number | null; state: HoursState }[];
  certificates: { code: string; totalMinutes: number; issuedAt: string }[];
}
export interface Certificate { code: string; totalMinutes: number; activityCount: number; recordingOrg: string; issuedAt: string }
export interface Verification { valid: true; code: string; volunteerName: string; totalHours: number; activityCount: number; content: string; recordingOrg: string; issuedAt: string }
export interface QrCode { path: string; expiresAt: string; op: 'in' | 'out' }
export interface PlaceHit { id: number; name: string; pathNames: string[] }

export const volKeys = {
  all: ['volunteering'] as const,
  me: ['volunteering', 'me'] as const,
  near: ['volunteering', 'near'] as const,
  myActivity: (id: number) => ['volunteering', 'my-activity', id] as const,
  hours: ['volunteering', 'hours'] as const,
  list: (when: string, page: number) => ['volunteering', 'list', when, page] as const,
  detail: (id: number) => ['volunteering', 'detail', id] as const,
  qr: (id: number, op: string) => ['volunteering', 'qr', id, op] as const,
  matches: (id: number) => ['volunteering', 'matches', id] as const,
  places: (q: string) => ['volunteering', 'places', q] as const,
  verify: (code: string) => ['volunteering', 'verify', code] as const,
};

/** 150 → "2.5": hours with one decimal, as the certificate states them. */
export const hoursText = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toFixed(1);
