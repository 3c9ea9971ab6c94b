import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { loadCalendar } from '../requests/index.ts';
import { activityDetail, managedActivity, qrSecret } from './activities.service.ts';
import { checkQr } from './qr-signature.ts';
import { attendanceWindow, measuredMinutes, recordingDeadline } from './recording-window.ts';
import * as repo from './volunteering.repository.ts';
import { requireMyVolunteer } from './volunteers.service.ts';
import type { AttendInput, ConfirmHoursInput, CorrectHoursInput } from './volunteering.schemas.ts';
import { awardHourPoints, correctHourPoints } from './hour-points.ts';

/**
 * 扫码签到/签退: the volunteer's phone opened the URL from the organiser's QR code. The signature is checked
 * before the expiry, so an altered URL is "forged" whatever its date; then the volunteer's own confirmed sign-up
 * is stamped, inside the activity's time (recording-window.ts). Checking in twice keeps the first time; checking out twice is refused (the hours are measured).
 */
export async function attend(deps: Deps, caller: Caller, input: AttendInput) {
  const now = deps.clock.now();
  const a = await repo.findActivity(deps.db, input.a);
  if (!a || a.district_id !== caller.districtId) throw new AppError('QR_SIGNATURE_INVALID');
  const verdict = checkQr(await qrSecret(deps.db, a.district_id), { activityId: input.a, op: input.op, exp: input.exp, sig: input.sig }, now);
  if (verdict === 'forged') throw new AppError('QR_SIGNATURE_INVALID');
  if (verdict === 'expired') throw new AppError('QR_EXPIRED');
  if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
  const window = attendanceWindow(input.op, a.starts_at, a.ends_at);
  if (now < window.opens || now > window.closes) {
    const fmt = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    throw new AppError(input.op === 'in' ? 'CHECK_IN_NOT_OPEN' : 'CHECK_OUT_NOT_OPEN', { opens: fmt(window.opens), closes: fmt(window.closes) });
  }
  const me = await requireMyVolunteer(deps, caller);
  const result = await deps.db.transaction().execute(async (trx) => {
    const s = await repo.lockSignup(trx, a.id, me.id);
    if (!s || s.status !== 'confirmed') throw new AppError('NOT_SIGNED_UP');
    if (input.op === 'in') {
      if (s.checked_out_at) throw new AppError('ALREADY_CHECKED_OUT');
      const at = s.checked_in_at ?? now;
      if (!s.checked_in_at) {
        await repo.updateSignup(trx, s.id, { checked_in_at: now });
        await auditAction(trx, caller, 'volunteer.check_in', { type: 'volunteer_signup', id: s.id }, { activityId: a.id });
      }
      return { at, measured: null };
    }
    if (!s.checked_in_at) throw new AppError('NOT_CHECKED_IN');
    if (s.checked_out_at) throw new AppError('ALREADY_CHECKED_OUT');
    await repo.updateSignup(trx, s.id, { checked_out_at: now });
    await auditAction(trx, caller, 'volunteer.check_out', { type: 'volunteer_signup', id: s.id }, { activityId: a.id });
    return { at: now, measured: measuredMinutes(s.checked_in_at, now) };
  });
  return { activity: { id: a.id, name: a.title }, op: input.op, at: result.at.toISOString(), measuredMinutes: result.measured };
}

async function openWindow(deps: Deps, activity: { ends_at: Date; district_id: number }) {
  const deadline = recordingDeadline(activity.ends_at, await loadCalendar(deps.db, activity.district_id));
  if (deps.clock.now().getTime() >= deadline.getTime()) {
    throw new AppError('HOURS_WINDOW_CLOSED', { deadline: deadline.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) });
  }
}

async function signupOf(deps: Deps, caller: Caller, activityId: number, signupId: number) {
  const a = await managedActivity(deps, caller, activityId);
  const s = await repo.findSignupById(deps.db, signupId);
  if (!s || s.activity_id !== a.id) throw new AppError('NOT_FOUND');
  return { a, s };
}

/**
 * 时长确认: the organiser confirms the measured hours, or records different ones with a reason, within 10
 * working days of the activity. The first record of a sign-up; points (another ledger) are earned in the same
 * transaction when the district has a rule for volunteer hours.
 */
export async function confirmHours(deps: Deps, caller: Caller, activityId: number, signupId: number, input: ConfirmHoursInput) {
  const { a } = await signupOf(deps, caller, activityId, signupId);
  await openWindow(deps, a);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const s = (await repo.lockSignupById(trx, signupId))!;
    if (!s.checked_in_at || !s.checked_out_at) throw new AppError('HOURS_NOT_MEASURED');
    if (await repo.latestHours(trx, signupId)) throw new AppError('HOURS_ALREADY_CONFIRMED');
    const measured = measuredMinutes(s.checked_in_at, s.checked_out_at);
    const minutes = input.minutes ?? measured;
    if (minutes !== measured && !input.reason) throw new AppError('HOURS_REASON_REQUIRED');
    const kind = minutes === measured ? 'confirmed' : 'corrected';
    const id = await repo.insertHours(trx, {
      district_id: a.district_id, signup_id: s.id, activity_id: a.id, volunteer_id: s.volunteer_id, minutes, measured_minutes: measured, kind,
      supersedes_id: null, reason: input.reason ?? null, recorded_by: caller.personId, recorded_at: now,
    });
    const v = (await repo.findVolunteer(trx, s.volunteer_id))!;
    await awardHourPoints(trx, { districtId: a.district_id, personId: v.person_id, recordId: id, minutes, at: now, by: caller.personId });
    await notifyPerson(trx, a.district_id, v.person_id, { kind: 'volunteer.hours_confirmed', title: `服务时长已确认：${a.title}`, body: `${(minutes / 60).toFixed(1)} 小时`, link: '/h5/volunteering/hours' }, now);
    await emitEvent(trx, a.district_id, 'volunteer_hours.recorded', { recordId: id, activityId: a.id, volunteerId: s.volunteer_id, minutes });
    await auditAction(trx, caller, 'volunteer_hours.confirm', { type: 'volunteer_hours', id }, { signupId, minutes, measured, reason: input.reason ?? null });
  });
  return activityDetail(deps, caller, activityId);
}

/**
 * 时长更正: a new record that supersedes the newest one, with a reason (办法 art. 13); nothing is overwritten.
 * Points follow the hours both ways (hour-points.ts); what the volunteer already spent is recorded as a shortfall.
 */
export async function correctHours(deps: Deps, caller: Caller, activityId: number, signupId: number, input: CorrectHoursInput) {
  const { a } = await signupOf(deps, caller, activityId, signupId);
  await openWindow(deps, a);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const s = (await repo.lockSignupById(trx, signupId))!;
    const last = await repo.latestHours(trx, signupId);
    if (!last) throw new AppError('HOURS_NOT_CONFIRMED');
    const id = await repo.insertHours(trx, {
      district_id: a.district_id, signup_id: s.id, activity_id: a.id, volunteer_id: s.volunteer_id, minutes: input.minutes, measured_minutes: last.measured_minutes,
      kind: 'corrected', supersedes_id: last.id, reason: input.reason, recorded_by: caller.personId, recorded_at: now,
    });
    const v = (await repo.findVolunteer(trx, s.volunteer_id))!;
    const points = await correctHourPoints(trx, {
      districtId: a.district_id, personId: v.person_id, recordId: id, recordIds: await repo.hoursIdsOfSignup(trx, s.id), previousMinutes: last.minutes, minutes: input.minutes, at: now, by: caller.personId,
    });
    await notifyPerson(trx, a.district_id, v.person_id, { kind: 'volunteer.hours_corrected', title: `服务时长已更正：${a.title}`, body: `${(input.minutes / 60).toFixed(1)} 小时（${input.reason}）${points.reversed > 0 ? `，相应冲正积分 ${points.reversed}` : ''}`, link: '/h5/volunteering/hours' }, now);
    await emitEvent(trx, a.district_id, 'volunteer_hours.recorded', { recordId: id, activityId: a.id, volunteerId: s.volunteer_id, minutes: input.minutes, supersedes: last.id });
    await auditAction(trx, caller, 'volunteer_hours.correct', { type: 'volunteer_hours', id }, { signupId, minutes: input.minutes, previous: last.minutes, reason: input.reason, points: points });
  });
  return activityDetail(deps, caller, activityId);
}
