import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export const placesTemplateUrl = '/api/imports/places/template';

export interface ImportResult {
  created: number;
  updated: number;
}
/** On 422 IMPORT_REJECTED the ApiError body carries `errors: [{row, message}]` and `errorFileUrl`. */
export interface ImportRejection {
  errors: { row: number; message: string }[];
  errorFileUrl?: string;
}

export function importPlaces(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<ImportResult>('/api/imports/places', { method: 'POST', form });
}

export const useImportPlaces = () => useMutation({ mutationFn: importPlaces });
