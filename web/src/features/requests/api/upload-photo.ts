import { api } from '../../../lib/api/client';

/**
 * Uploads one photo (multipart `file`) and returns its id for `photoIds`. The purpose must match its use: photos
 * of the problem when raising, photos of the result when resolving.
 */
export function uploadPhoto(file: File, purpose: 'report' | 'resolution' = 'report') {
  const form = new FormData();
  form.append('file', file);
  return api<{ id: string }>(`/api/request-photos?purpose=${purpose}`, { method: 'POST', form });
}
