import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.test-data/pglite-template.tar');
export const TEMPLATE_DB = 'gongzhi_test_template';

export function usePostgres(): boolean {
  if (process.env.GONGZHI_TEST_DB !== 'postgres') return false;
  if (!process.env.TEST_DATABASE_URL) throw new Error('GONGZHI_TEST_DB=postgres needs TEST_DATABASE_URL');
  return true;
}
