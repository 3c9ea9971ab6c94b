import { Select } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { useI18n } from '../../../lib/i18n';
import { useSession } from '../../auth/api/get-session';

/** The compounds I serve: those I hold a role at, and those of the communities I hold a role at. */
export function CompoundPicker({ value, onChange }: { value?: number; onChange?: (id: number) => void }) {
  const { t } = useI18n();
  const roles = useSession().data?.roles ?? [];
  const direct = roles.filter((r) => r.placeKind === 'compound').map((r) => ({ id: r.placeId, name: r.placeName }));
  const communities = [...new Set(roles.filter((r) => r.placeKind === 'community').map((r) => r.placeId))];
  const children = useQueries({
    queries: communities.map((id) => ({ queryKey: ['places', id, 'children'], queryFn: () => api<{ id: number; name: string; kind: string }[]>(`/api/places/${id}/children`) })),
  });
  const all = [...direct, ...children.flatMap((c) => (c.data ?? []).filter((p) => p.kind === 'compound'))];
  const unique = [...new Map(all.map((c) => [c.id, c])).values()];
  return (
    <Select aria-label={t('convention.compound')} value={value} onChange={onChange} placeholder={t('convention.compound')} showSearch optionFilterProp="label"
      loading={children.some((c) => c.isPending)} options={unique.map((c) => ({ value: c.id, label: c.name }))} />
  );
}
