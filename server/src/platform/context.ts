import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/create-db.ts';
import type { PersonalDataCipher } from './personal-data.ts';
import type { ActiveRole } from './scope.ts';
import type { SmsSender } from './sms.ts';

/** Time is a dependency so that tests can move it. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** What every service gets: the database, the personal-data cipher, the clock and the outbound channels. */
export type Deps = {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  cipher: PersonalDataCipher;
  clock: Clock;
  sms: SmsSender;
  config: Config;
  log: FastifyBaseLogger;
};

/** The signed-in person making a request, with the roles they hold right now. */
export type Caller = {
  personId: number;
  districtId: number;
  name: string;
  sessionId: string;
  csrfToken: string;
  roles: ActiveRole[];
  ip: string | null;
  /** This session's sign-in proved the TOTP second factor (or enrolled it). */
  secondFactor?: boolean;
};
