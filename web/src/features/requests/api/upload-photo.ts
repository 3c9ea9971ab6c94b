import { api } from '../../../lib/api/client';

/** Uploads one photo (multipart `file`) and returns its id for `photoIds`. */
export function uploadPhoto(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ id: string }>('/api/request-photos', { method: 'POST', form });
}
