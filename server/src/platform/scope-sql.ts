import { sql, type RawBuilder } from 'kysely';
import type { Scope } from './scope.ts';

/**
 * The SQL form of a scope: `column` (a materialised path such as places.path or role_assignments.place_path)
 * lies under one of the scope's places. Paths hold only digits and slashes, so LIKE needs no escaping, and a
 * text_pattern_ops index serves the prefix match.
 */
export function underScope(column: string, scope: Scope): RawBuilder<boolean> {
  const parts = scope.paths.map((p) => sql`${sql.ref(column)} like ${`${p}%`}`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** A role assignment (table alias `alias`) in force at `now`: begun, and not yet ended. */
export function roleActiveAt(alias: string, now: Date): RawBuilder<boolean> {
  const from = sql.ref(`${alias}.valid_from`);
  const to = sql.ref(`${alias}.valid_to`);
  return sql<boolean>`(${from} <= ${now} and (${to} is null or ${to} > ${now}))`;
}
