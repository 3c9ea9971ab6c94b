import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { usePlaceOptions } from '../api/search-places';

/** A place picker that searches the server as you type (the tree is too large to list). */
export function PlaceSelect(props: { value?: number; onChange?: (id: number) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const places = usePlaceOptions(useDeferredValue(q));
  return (
    <Select
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={t('person.placeSearch')}
      loading={places.isFetching}
      notFoundContent={q ? t('places.noResults') : null}
      options={(places.data?.items ?? []).map((p) => ({
        value: p.id,
        label: [...p.pathNames, `${p.name} · ${t(`kind.${p.kind}`)}`].join(' / '),
      }))}
    />
  );
}
