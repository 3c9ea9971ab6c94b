import { ApiError } from './client';
import type { Translate } from '../i18n';

/** What to show for a failed call: the server's own (already translated) message when it sent one. */
export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return t('common.networkError');
    if (err.message) return err.message;
  }
  return t('common.error');
}
