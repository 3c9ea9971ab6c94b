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
