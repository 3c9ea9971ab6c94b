import { Select } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { useCommunities } from '../api/party-api';

/** The communities the caller manages (大党委 belongs to a community). */
export function CommunitySelect({ value, onChange, allowClear, id }: { value?: number; onChange?: (v: number | undefined) => void; allowClear?: boolean; id?: string }) {
  const { t } = useI18n();
  const list = useCommunities();
  return (
    <Select
      id={id}
      aria-label={t('party.community')}
      style={{ minWidth: 200 }}
      showSearch
      optionFilterProp="label"
      allowClear={allowClear}
      placeholder={t('party.chooseCommunity')}
      loading={list.isPending}
      value={value}
      onChange={onChange}
      options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}
