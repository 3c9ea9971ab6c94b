import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';

export const placesTemplateUrl = '/api/imports/places/template';

export const IMPORT_LEVELS = ['streets', 'communities', 'compounds', 'buildings', 'units', 'households'] as const;
export type ImportLevel = (typeof IMPORT_LEVELS)[number];
export type LevelCounts = Record<ImportLevel, number>;

/** imports.schemas.ts importResultSchema: counts per level of the tree. */
export interface ImportResult {
  rows: number;
  dryRun: boolean;
  created: LevelCounts;
  updated: LevelCounts;
  unchanged: LevelCounts;
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
