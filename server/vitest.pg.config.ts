import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** The same integration suite on a real PostgreSQL server (TEST_DATABASE_URL must be set). */
export default mergeConfig(base, defineConfig({ test: { env: { GONGZHI_TEST_DB: 'postgres' } } }));
