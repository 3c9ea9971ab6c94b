import { Button, Card, Descriptions } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { QueryState } from '../../../components/states';
import { usePlace } from '../api/get-place';

/** The right-hand panel of the tree page: what the selected place is and a way into it. */
export function PlaceSummary({ id }: { id: number }) {
  const { t } = useI18n();
  const place = usePlace(id);
  return (
    <QueryState query={place}>
      {(p) => (
        <Card
          title={p.name}
          extra={
            <Link to={`/places/${p.id}`}>
              <Button type="primary">{t('places.openDetail')}</Button>
            </Link>
          }
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('places.kind')}>{t(`kind.${p.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('places.code')}>{p.code ?? t('common.unknown')}</Descriptions.Item>
            <Descriptions.Item label={t('places.path')}>
              {[...p.ancestors.map((a) => a.name), p.name].join(' / ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('places.childCount')}>{p.childCount}</Descriptions.Item>
            {p.compound && (
              <Descriptions.Item label={t('compound.kind')}>
                {t(`compoundKind.${p.compound.compoundKind}`)}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
    </QueryState>
  );
}
