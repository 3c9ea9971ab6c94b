import crypto from 'node:crypto';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { localDay } from '../../platform/working-time.ts';
import { assertInScope, scopeFor } from '../../platform/scope.ts';
import { maskName } from './dto.ts';
import { renderCertificate } from './certificate-pdf.ts';
import { measuredMinutes } from './recording-window.ts';
import * as repo from './volunteering.repository.ts';
import { requireMyVolunteer } from './volunteers.service.ts';
import type { ExportQuery } from './volunteering.schemas.ts';

const hours = (minutes: number) => (Math.round((minutes / 60) * 10) / 10).toFixed(1);

/** 我的服务时长: totals of confirmed hours (the newest record of each sign-up) and every activity's state. */
export async function myHours(deps: Deps, caller: Caller) {
  const me = await requireMyVolunteer(deps, caller);
  const [rows, certificates] = await Promise.all([repo.recordOfVolunteer(deps.db, me.id), repo.certificatesOf(deps.db, me.id)]);
  let total = 0;
  let pending = 0;
  const items = rows.map((r) => {
    const measured = r.checked_in_at && r.checked_out_at ? measuredMinutes(r.checked_in_at, r.checked_out_at) : null;
    if (r.minutes !== null) total += r.minutes;
    else if (measured !== null) pending += measured;
    const state = r.kind ?? (r.checked_out_at ? 'awaiting_confirmation' : r.checked_in_at ? 'checked_in' : 'signed_up');
    return {
      activity: { id: r.activity_id, name: r.title }, date: localDay(r.starts_at), place: `${r.place_name} ${r.address}`, content: r.content, recordingOrg: r.recording_org,
      measuredMinutes: measured, confirmedMinutes: r.minutes, state: state as 'signed_up' | 'checked_in' | 'awaiting_confirmation' | 'confirmed' | 'corrected',
    };
  });
  return { totalMinutes: total, pendingMinutes: pending, items, certificates: certificates.map((c) => ({ code: c.code, totalMinutes: c.total_minutes, issuedAt: c.issued_at.toISOString() })) };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function newCode(): string {
  const bytes = crypto.randomBytes(12);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** 出具证明: a certificate of the confirmed hours so far, with a code the public page verifies. Free (art. 14). */
export async function issueCertificate(deps: Deps, caller: Caller) {
  const me = await requireMyVolunteer(deps, caller);
  const record = (await repo.recordOfVolunteer(deps.db, me.id)).filter((r) => r.minutes !== null && r.minutes > 0);
  if (record.length === 0) throw new AppError('NO_CONFIRMED_HOURS');
  const total = record.reduce((n, r) => n + r.minutes!, 0);
  const content = [...new Set(record.map((r) => r.title))].slice(0, 10).join('、');
  const orgs = [...new Set(record.map((r) => r.recording_org))];
  const recordingOrg = orgs.length === 1 ? orgs[0]! : `${orgs.slice(0, 3).join('、')}${orgs.length > 3 ? ' 等' : ''}`;
  const now = deps.clock.now();
  const code = newCode();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertCertificate(trx, { district_id: me.district_id, volunteer_id: me.id, code, total_minutes: total, activity_count: record.length, recording_org: recordingOrg, content, issued_at: now });
    await auditAction(trx, caller, 'volunteer_certificate.issue', { type: 'volunteer_certificate', id: code }, { totalMinutes: total });
  });
  return { code, totalMinutes: total, activityCount: record.length, recordingOrg, issuedAt: now.toISOString() };
}

/** The PDF of one of the caller's own certificates. */
export async function certificatePdf(deps: Deps, caller: Caller, code: string, origin: string): Promise<Buffer> {
  const c = await repo.findCertificate(deps.db, code);
  if (!c || c.person_id !== caller.personId) throw new AppError('NOT_FOUND');
  const rows = (await repo.recordOfVolunteer(deps.db, c.volunteer_id))
    .filter((r) => r.minutes !== null && r.minutes > 0 && r.starts_at.getTime() <= c.issued_at.getTime())
    .map((r) => ({ date: localDay(r.starts_at), title: r.title, hours: hours(r.minutes!) }));
  return renderCertificate({
    code: c.code, name: c.name, totalHours: hours(c.total_minutes), activityCount: c.activity_count, content: c.content, recordingOrg: c.recording_org,
    issuedOn: localDay(c.issued_at), verifyUrl: `${origin}/verify/${c.code}`, rows,
  });
}

/** 证明查验 (public, no sign-in): only what the certificate states, the name masked; nothing about the person. */
export async function verifyCertificate(deps: Deps, code: string) {
  const c = await repo.findCertificate(deps.db, code);
  if (!c) throw new AppError('NOT_FOUND');
  return {
    valid: true as const, code: c.code, volunteerName: maskName(c.name), totalHours: Number(hours(c.total_minutes)), activityCount: c.activity_count,
    content: c.content, recordingOrg: c.recording_org, issuedAt: c.issued_at.toISOString(),
  };
}

/**
 * Columns for the 全国志愿服务信息系统 bulk import of service records (补录): the volunteer's art. 5 profile and the
 * art. 7 record. ID numbers and phones leave in the clear here, so the export is limited to administrators and
 * every export is written to the audit log with the row count.
 */
export const EXPORT_COLUMNS = [
  '姓名', '证件类型', '证件号码', '性别', '出生日期', '联系方式', '专业技能', '服务类别',
  '活动名称', '服务日期', '开始时间', '结束时间', '服务地点', '服务内容', '服务时长（小时）', '记录单位', '负责人', '记录日期',
] as const;

function csvCell(v: string): string {
  // Quote everything; a leading = + - @ would be read as a formula by Excel, so it gets a leading apostrophe.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export async function exportCsv(deps: Deps, caller: Caller, q: ExportQuery): Promise<string> {
  const scope = scopeFor(caller.roles, 'volunteering.export');
  let placePath: string | undefined;
  if (q.placeId) {
    const p = await repo.findPlace(deps.db, q.placeId);
    assertInScope(scope, p?.path);
    placePath = p!.path;
  }
  const from = q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined;
  const to = q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000) : undefined;
  const rows = await repo.exportRows(deps.db, scope, { placePath, from, to });
  const time = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const lines = rows.map((r) => [
    r.name, '居民身份证', r.id_number_cipher ? deps.cipher.decrypt(r.id_number_cipher) : '', r.sex === 'male' ? '男' : '女', String(r.birth_date).slice(0, 10),
    deps.cipher.decrypt(r.phone_cipher), r.skills.join('、'), r.service_categories.join('、'), r.title, localDay(r.starts_at), time(r.starts_at), time(r.ends_at),
    r.address, r.content, hours(r.minutes), r.recording_org, r.organiser_name, localDay(r.recorded_at),
  ].map(csvCell).join(','));
  await auditAction(deps.db, caller, 'personal_data.export', { type: 'volunteer_records', id: null }, { rows: rows.length, placeId: q.placeId ?? null, from: q.from ?? null, to: q.to ?? null, purpose: 'national_volunteer_system' });
  // A UTF-8 BOM, or Excel on zh-CN Windows reads the file as GBK (ecosystem.md §3).
  return `\uFEFF${[EXPORT_COLUMNS.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`;
}
