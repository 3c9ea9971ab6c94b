import type { Executor } from '../../platform/audit.repository.ts';

/** The district's departments (职能部门): places of kind 'department', which sit outside every street's subtree. */
export function listDistrictDepartments(db: Executor, districtId: number) {
  return db
    .selectFrom('places')
    .select(['id', 'name'])
    .where('district_id', '=', districtId)
    .where('kind', '=', 'department')
    .orderBy('id')
    .execute();
}
