import { Tag } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { RoleAssignment } from '../api/types';

export function RoleTags({ roles }: { roles: RoleAssignment[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r.id}>
          {t(`role.${r.role}`)} · {r.placeName}
        </Tag>
      ))}
    </>
  );
}
