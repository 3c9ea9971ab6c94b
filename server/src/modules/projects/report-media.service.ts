import crypto from 'node:crypto';
import type { Executor } from '../../platform/audit.repository.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { organisationName } from '../organisations/index.ts';
import { reencodePhoto } from '../photos/index.ts';
import { actsFor, readable } from './project-access.ts';
import * as media from './report-media.repository.ts';
import * as repo from './projects.repository.ts';

/**
 * Photos and linked volunteering activities of progress reports (进展报告). A photo is uploaded first (re-encoded
 * by the photos module: upright, ≤ 2048 px, no metadata, no GPS) and attached when the report is sent; an
 * activity is picked from the delivering organisation's own activities.
 */
export const photoUrl = (id: string) => `/api/project-photos/${id}`;

export async function uploadReportPhoto(deps: Deps, caller: Caller, projectId: number, readFile: () => Promise<Buffer>) {
  const p = await readable(deps, caller, projectId);
  if (!p.organisation_id) throw new AppError('PROJECT_WRONG_STATUS', { status: p.status });
  await actsFor(deps, caller, p.organisation_id, p.place_path);
  const image = await reencodePhoto(await readFile());
  const id = crypto.randomBytes(16).toString('base64url');
  await media.insertPhoto(deps.db, {
    id, district_id: caller.districtId, project_id: projectId, uploaded_by: caller.personId, mime: 'image/jpeg',
    width: image.width, height: image.height, bytes: image.content.length, content: image.content, created_at: deps.clock.now(),
  });
  return { id, url: photoUrl(id), width: image.width, height: image.height };
}

/** A report's photo is as public as its project's page (approved onwards); an unattached one only its uploader sees. */
export async function readReportPhoto(deps: Deps, caller: Caller | undefined, id: string) {
  const meta = await media.photoMeta(deps.db, id);
  if (!meta) throw new AppError('NOT_FOUND');
  let allowed = caller !== undefined && caller.personId === meta.uploaded_by;
  if (!allowed && meta.report_id !== null) {
    const p = await repo.findProject(deps.db, meta.project_id);
    allowed = p !== undefined && !['proposed', 'rejected'].includes(p.status);
  }
  if (!allowed) throw new AppError('NOT_FOUND');
  return { mime: meta.mime, content: (await media.photoContent(deps.db, id))!, isPublic: meta.report_id !== null };
}

/** The delivering organisation's volunteering activities, to link a report to. */
export async function organisationActivities(deps: Deps, caller: Caller, projectId: number) {
  const p = await readable(deps, caller, projectId);
  if (!p.organisation_id) return [];
  const org = (await organisationName(deps, p.organisation_id))!;
  const rows = await media.activitiesOfOrganisation(deps.db, org);
  return rows.map((a) => ({ id: a.id, title: a.title, startsAt: a.starts_at.toISOString(), status: a.status }));
}

/** Inside the report's transaction: the photos are the caller's own, of this project; the activities the organisation's. */
export async function attachMedia(trx: Executor, c: { districtId: number; personId: number }, p: { id: number; organisation_id: number; organisation_name: string }, reportId: number, photoIds: readonly string[], activityIds: readonly number[]) {
  const attached = await media.attachPhotos(trx, p.id, reportId, photoIds, c.personId);
  if (attached !== new Set(photoIds).size) throw new AppError('PHOTO_NOT_FOUND');
  if (activityIds.length > 0) {
    const own = new Set((await media.activitiesOfOrganisation(trx, { id: p.organisation_id, name: p.organisation_name, district_id: c.districtId }, 1000)).map((a) => a.id));
    if (!activityIds.every((a) => own.has(a))) throw new AppError('ACTIVITY_NOT_OF_ORGANISATION');
    await media.linkActivities(trx, c.districtId, reportId, [...new Set(activityIds)]);
  }
}
