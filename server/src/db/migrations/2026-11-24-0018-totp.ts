import { sql, type Kysely } from 'kysely';

/**
 * The second factor at sign-in (双因素认证, docs/security.md). One TOTP credential per person: the secret encrypted
 * with the personal-data cipher, confirmed once the person typed a code from their app, the last accepted time
 * step (a code is accepted once), and the recovery codes as SHA-256 hashes. A sign-in that passed the password
 * (or SMS code) of a person with a confirmed credential gets a short-lived challenge, kept here by its hash; a
 * session records whether its sign-in proved the second factor.
 */
const statements = [
  `create table totp_credentials (
    person_id bigint primary key references people(id),
    district_id bigint not null,
    secret_cipher text not null,
    recovery_hashes jsonb not null default '[]',
    confirmed_at timestamptz,
    last_step bigint,
    created_at timestamptz not null
  )`,
  `create table totp_challenges (
    id text primary key,
    district_id bigint not null,
    person_id bigint not null references people(id),
    method text not null,
    attempts int not null default 0,
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  `create index totp_challenges_person on totp_challenges (person_id, expires_at)`,
  `alter table sessions add column second_factor boolean not null default false`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column second_factor`.execute(db);
  await sql`drop table totp_challenges`.execute(db);
  await sql`drop table totp_credentials`.execute(db);
}
