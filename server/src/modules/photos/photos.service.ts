import crypto from 'node:crypto';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasPermission } from '../../platform/scope.ts';
import { canSeeRequest } from '../requests/index.ts';
import { reencodePhoto } from './image.ts';
import * as repo from './photos.repository.ts';
import type { UploadedPhoto, UploadQuery } from './photos.schemas.ts';

/** Photos uploaded but never attached to a request are deleted after a day (see sweepUnattached). */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;
const SWEEP_BATCH = 100;

/** Report photos: whoever may raise a request (residents, or staff for them); resolution photos: whoever works on one. */
function mayUpload(caller: Caller, purpose: UploadQuery['purpose']): boolean {
  if (purpose === 'resolution') return hasPermission(caller.roles, 'requests.work');
  return hasPermission(caller.roles, 'requests.raise') || hasPermission(caller.roles, 'requests.raise_for');
}

export const photoUrl = (id: string) => `/api/request-photos/${id}`;

/**
 * Stores an uploaded photo re-encoded (upright, ≤ 2048 px, JPEG, no metadata), unattached until a request is raised
 * or resolved with its id. The id is 128 random bits, so it cannot be guessed; reading it still needs a session.
 */
export async function uploadPhoto(deps: Deps, caller: Caller, purpose: UploadQuery['purpose'], readFile: () => Promise<Buffer>): Promise<UploadedPhoto> {
  // Refuse before reading up to 10 MB from someone who may not upload at all.
  if (!mayUpload(caller, purpose)) throw new AppError('FORBIDDEN');
  const image = await reencodePhoto(await readFile());
  const id = crypto.randomBytes(16).toString('base64url');
  const now = deps.clock.now();
  await repo.insertPhoto(deps.db, {
    id, district_id: caller.districtId, request_id: null, uploaded_by: caller.personId, purpose,
    mime: 'image/jpeg', width: image.width, height: image.height, bytes: image.content.length, content: image.content, created_at: now,
  });
  await sweepUnattached(deps, caller.districtId, now);
  return { id, purpose, url: photoUrl(id), width: image.width, height: image.height, bytes: image.content.length };
}

/**
 * Garbage is made only by uploads, so uploads collect it: each one deletes up to 100 of the district's photos that
 * were never attached and are older than a day. No timer, nothing to run on an idle district.
 */
export async function sweepUnattached(deps: Deps, districtId: number, now: Date): Promise<number> {
  return repo.deleteUnattachedBefore(deps.db, districtId, new Date(now.getTime() - UNATTACHED_TTL_MS), SWEEP_BATCH);
}

/** The uploader, or anyone who can see the request it is attached to; otherwise it does not exist. */
export async function readPhoto(deps: Deps, caller: Caller, id: string): Promise<{ mime: string; content: Buffer }> {
  const meta = await repo.findPhotoMeta(deps.db, id);
  if (!meta || meta.district_id !== caller.districtId) throw new AppError('NOT_FOUND');
  const allowed = meta.uploaded_by === caller.personId || (meta.request_id !== null && (await canSeeRequest(deps, caller, meta.request_id)));
  if (!allowed) throw new AppError('NOT_FOUND');
  const content = await repo.findPhotoContent(deps.db, id);
  if (!content) throw new AppError('NOT_FOUND');
  return { mime: meta.mime, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) };
}
