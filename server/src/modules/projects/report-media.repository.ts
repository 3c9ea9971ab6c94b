import type { Executor } from '../../platform/audit.repository.ts';

/** SQL of progress reports' photos and linked volunteering activities (进展报告的照片与志愿活动). */

export async function insertPhoto(db: Executor, row: { id: string; district_id: number; project_id: number; uploaded_by: number; mime: string; width: number; height: number; bytes: number; content: Buffer; created_at: Date }): Promise<void> {
  await db.insertInto('project_report_photos').values({ ...row, report_id: null }).execute();
}

/** Attaches the uploader's own unattached photos of this project to a report; answers how many. */
export async function attachPhotos(db: Executor, projectId: number, reportId: number, ids: readonly string[], uploadedBy: number): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.updateTable('project_report_photos').set({ report_id: reportId })
    .where('id', 'in', [...ids]).where('project_id', '=', projectId).where('uploaded_by', '=', uploadedBy).where('report_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function photoMeta(db: Executor, id: string) {
  return db.selectFrom('project_report_photos').select(['id', 'district_id', 'project_id', 'report_id', 'uploaded_by', 'mime']).where('id', '=', id).executeTakeFirst();
}
export async function photoContent(db: Executor, id: string): Promise<Buffer | undefined> {
  return (await db.selectFrom('project_report_photos').select('content').where('id', '=', id).executeTakeFirst())?.content;
}

export function photosOfReports(db: Executor, reportIds: readonly number[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('project_report_photos').select(['id', 'report_id']).where('report_id', 'in', [...reportIds]).orderBy('created_at').orderBy('id').execute();
}

/**
 * An organisation's volunteering activities: organised by one of its members, or recorded under its name (the
 * activity's 记录单位). Newest first; these are what a progress report may link to.
 */
export function activitiesOfOrganisation(db: Executor, org: { id: number; name: string; district_id: number }, limit = 100) {
  return db.selectFrom('volunteer_activities as a')
    .select(['a.id', 'a.title', 'a.starts_at', 'a.status'])
    .where('a.district_id', '=', org.district_id)
    .where((eb) => eb.or([
      eb('a.recording_org', '=', org.name),
      eb.exists(eb.selectFrom('organisation_members as m').select('m.person_id').where('m.organisation_id', '=', org.id).whereRef('m.person_id', '=', 'a.organiser_id')),
    ]))
    .orderBy('a.starts_at', 'desc').limit(limit).execute();
}

export async function linkActivities(db: Executor, districtId: number, reportId: number, activityIds: readonly number[]): Promise<void> {
  if (activityIds.length === 0) return;
  await db.insertInto('project_report_activities').values(activityIds.map((a) => ({ district_id: districtId, report_id: reportId, activity_id: a }))).execute();
}

export function activitiesOfReports(db: Executor, reportIds: readonly number[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('project_report_activities as l').innerJoin('volunteer_activities as a', 'a.id', 'l.activity_id')
    .select(['l.report_id', 'a.id', 'a.title', 'a.starts_at']).where('l.report_id', 'in', [...reportIds]).orderBy('a.starts_at').execute();
}
