import path from 'node:path';
import { z } from 'zod';

/** Every environment variable Gongzhi reads, validated once. `process.env` appears nowhere else. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  GONGZHI_DATA_DIR: z.string().default('./data'),
  /** 32-byte key, base64, for personal-data encryption; when absent a key file is created in the data dir. */
  GONGZHI_DATA_KEY: z.string().optional(),
  GONGZHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secure cookies need HTTPS; off by default so a laptop on http://localhost works. */
  GONGZHI_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  NODE_ENV: z.string().default('development'),
  /** PostgreSQL, serving only: a statement running longer is cancelled and the request answered 503 (0 = no limit). */
  GONGZHI_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
  /** PostgreSQL, serving only: how long a request may wait for a pooled connection before a 503 (0 = forever). */
  GONGZHI_POOL_WAIT_MS: z.coerce.number().int().min(0).default(5000),
  /**
   * Which hops may tell the client's address in X-Forwarded-For: `loopback` (a proxy on this machine), a comma list
   * of addresses/CIDRs or proxy-addr names (`uniquelocal`), or `false`. Never every hop: a client could then choose
   * the address it is rate-limited and logged under.
   */
  GONGZHI_TRUST_PROXY: z.string().trim().min(1).default('loopback'),
  /**
   * Staff and administrators with a street or the district in their reach must have a TOTP second factor before
   * they can do anything but enrol (DESIGN.md). Default: on when NODE_ENV=production, off otherwise, so the demo
   * accounts sign in with a password alone. Whoever has enrolled is asked for a code either way.
   */
  GONGZHI_TOTP_REQUIRED: z.enum(['true', 'false']).optional(),
  /** 公益创投 public notice (公示) in days before an award; local rules use 5–7. 0 only for browser tests. */
  GONGZHI_NOTICE_DAYS: z.coerce.number().int().min(0).max(30).default(5),
  /** Retired personal-data keys (comma-separated base64), read only to decrypt data not yet rotated (docs/security.md). */
  GONGZHI_DATA_KEYS_RETIRED: z.string().optional(),
  /** Personal-data encryption: `aes` (AES-256-GCM, HMAC-SHA256) or `sm4` (国密: SM4-CTR + HMAC-SM3). Change it with `gongzhi keys rotate`. */
  GONGZHI_PII_CIPHER: z.enum(['aes', 'sm4']).default('aes'),
  /** How long an instance keeps a cockpit summary it computed (ms; 0: never). The rollups change every 10 s. */
  GONGZHI_COCKPIT_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  dataKey: string | undefined;
  logLevel: z.infer<typeof envSchema>['GONGZHI_LOG_LEVEL'];
  secureCookies: boolean;
  production: boolean;
  statementTimeoutMs: number;
  poolWaitMs: number;
  /** Fastify's trustProxy: false, or the proxy addresses/CIDRs whose X-Forwarded-For is believed. */
  trustProxy: false | string[];
  totpRequired: boolean;
  /** Days a venture-philanthropy round's result stays on public notice before the award. */
  noticeDays: number;
  /** Retired personal-data keys, base64 (decrypt only). */
  retiredDataKeys: string[];
  piiCipher: 'aes' | 'sm4';
  /** Milliseconds a cockpit summary is kept by the instance that computed it (0: not kept). */
  cockpitCacheMs?: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.GONGZHI_DATA_DIR),
    dataKey: e.GONGZHI_DATA_KEY,
    logLevel: e.GONGZHI_LOG_LEVEL,
    secureCookies: e.GONGZHI_SECURE_COOKIES === 'true',
    production: e.NODE_ENV === 'production',
    statementTimeoutMs: e.GONGZHI_STATEMENT_TIMEOUT_MS,
    poolWaitMs: e.GONGZHI_POOL_WAIT_MS,
    totpRequired: e.GONGZHI_TOTP_REQUIRED ? e.GONGZHI_TOTP_REQUIRED === 'true' : e.NODE_ENV === 'production',
    trustProxy: e.GONGZHI_TRUST_PROXY === 'false' ? false : e.GONGZHI_TRUST_PROXY.split(',').map((a) => a.trim()).filter(Boolean),
    noticeDays: e.GONGZHI_NOTICE_DAYS,
    retiredDataKeys: (e.GONGZHI_DATA_KEYS_RETIRED ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    piiCipher: e.GONGZHI_PII_CIPHER,
    cockpitCacheMs: e.GONGZHI_COCKPIT_CACHE_MS,
  };
}
