import { sql, type Kysely } from 'kysely';

/**
 * Security controls (docs/security.md).
 *
 * 1. The audit log chained by hash, one chain per district. Every row carries `seq` (its place in the district's
 *    chain), `prev_hash` (the hash of the row before it; 64 zeros for the first) and
 *    `hash = sha256(prev_hash || '\n' || audit_log_canonical(row))`. A BEFORE INSERT trigger computes them, so
 *    every writer (the services, the error handler, bulk SQL) is chained and none can forget to be. The trigger
 *    locks the district's row in `audit_chain_heads` FOR UPDATE, so concurrent appends in one district queue
 *    one behind the other and the chain never forks; districts do not wait on each other. `gongzhi audit verify`
 *    recomputes every hash in TypeScript from the stored columns and names the first row that does not match.
 *
 *    The canonical form is length-prefixed (`<octets>:<text>`, `~` for null) and joined by `|`, so no field can
 *    spill into its neighbour; the time is written in UTC to the microsecond, independent of the session's
 *    time zone; `detail` as jsonb's own text form (deterministic for a stored value).
 *
 *    Rows written before this migration are chained here, in id order, per district.
 */
const statements = [
  `alter table audit_log add column seq bigint, add column prev_hash text, add column hash text`,
  `create table audit_chain_heads (
    district_id bigint primary key,
    seq bigint not null,
    hash text not null,
    last_id bigint
  )`,
  `create function audit_field(v text) returns text language sql immutable as $$
     select case when v is null then '~' else octet_length(v)::text || ':' || v end $$`,
  // plpgsql rather than SQL functions: plpgsql caches its expression plans for the session, where a SQL function
  // taking a row is planned again on every call (190 µs a row on PostgreSQL 15 in bench/src/audit-write-cost.ts).
  `create function audit_log_canonical(a audit_log) returns text language plpgsql stable as $$
   begin
     return concat_ws('|',
       audit_field(a.seq::text), audit_field(a.id::text), audit_field(a.district_id::text),
       audit_field(to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       audit_field(a.actor_id::text), audit_field(a.action), audit_field(a.target_type), audit_field(a.target_id),
       audit_field(a.result), audit_field(a.ip), audit_field(a.detail::text));
   end $$`,
  `create function audit_log_hash(prev text, a audit_log) returns text language plpgsql stable as $$
   begin
     return encode(sha256(convert_to(prev || chr(10) || audit_log_canonical(a), 'UTF8')), 'hex');
   end $$`,
  // Chain the rows already there (the append-only trigger is off for this one statement block).
  `alter table audit_log disable trigger audit_log_no_update`,
  `do $$
   declare r audit_log; d bigint := null; s bigint := 0; h text := repeat('0', 64); last bigint;
   begin
     for r in select * from audit_log order by district_id, id loop
       if d is distinct from r.district_id then
         if d is not null then insert into audit_chain_heads values (d, s, h, last); end if;
         d := r.district_id; s := 0; h := repeat('0', 64);
       end if;
       s := s + 1;
       r.seq := s; r.prev_hash := h; r.hash := audit_log_hash(h, r);
       update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
       h := r.hash; last := r.id;
     end loop;
     if d is not null then insert into audit_chain_heads values (d, s, h, last); end if;
   end $$`,
  `alter table audit_log enable trigger audit_log_no_update`,
  `alter table audit_log alter column seq set not null, alter column prev_hash set not null, alter column hash set not null`,
  `create unique index audit_log_chain on audit_log (district_id, seq)`,
  `create function audit_log_chain() returns trigger language plpgsql as $$
   declare h record;
   begin
     select seq, hash into h from audit_chain_heads where district_id = new.district_id for update;
     if not found then
       insert into audit_chain_heads (district_id, seq, hash) values (new.district_id, 0, repeat('0', 64))
         on conflict (district_id) do nothing;
       select seq, hash into h from audit_chain_heads where district_id = new.district_id for update;
     end if;
     new.seq := h.seq + 1;
     new.prev_hash := h.hash;
     new.hash := audit_log_hash(h.hash, new);
     update audit_chain_heads set seq = new.seq, hash = new.hash, last_id = new.id where district_id = new.district_id;
     return new;
   end $$`,
  `create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The security migration is not reversible (the audit chain would be lost).');
}
