import { sql, type Kysely } from 'kysely';

/**
 * Indexes the places benchmark asked for (docs/performance.md): place search skips households and units, and
 * coverage finds commissioners by role and path without reading every role assignment.
 */
const statements = [
  `create index places_path_above_units on places (path text_pattern_ops) where kind not in ('household', 'unit')`,
  `create index role_assignments_role_path on role_assignments (role, place_path text_pattern_ops)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index places_path_above_units').execute(db);
  await sql.raw('drop index role_assignments_role_path').execute(db);
}
