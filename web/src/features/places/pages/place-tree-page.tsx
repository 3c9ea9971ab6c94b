import { Card, Col, Input, List, Row, Select, Space, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { PlaceKind } from '../../../lib/api/types';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { useRoots } from '../api/get-roots';
import { useSearchPlaces } from '../api/search-places';
import { PlaceTree } from '../components/place-tree';
import { PlaceSummary } from '../components/place-summary';

const KINDS: PlaceKind[] = ['street', 'community', 'compound', 'building', 'grid'];

export function PlaceTreePage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<PlaceKind | undefined>();
  const [selected, setSelected] = useState<number>();
  const query = useDeferredValue(q.trim());
  const roots = useRoots();
  const hits = useSearchPlaces(query, kind);

  return (
    <PageShell title={t('places.title')}>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Card>
            <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
              <Input.Search
                allowClear
                aria-label={t('common.search')}
                placeholder={t('places.searchPlaceholder')}
                onSearch={setQ}
                onChange={(e) => !e.target.value && setQ('')}
              />
              <Select<PlaceKind | undefined>
                aria-label={t('places.searchKind')}
                style={{ width: 120 }}
                value={kind}
                allowClear
                placeholder={t('places.allKinds')}
                onChange={setKind}
                options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              />
            </Space.Compact>
            {query ? (
              <QueryState query={hits} isEmpty={(d) => d.items.length === 0} emptyText={t('places.noResults')}>
                {(d) => (
                  <List
                    size="small"
                    dataSource={d.items}
                    renderItem={(p) => (
                      <List.Item>
                        <button type="button" className="gz-link-button" onClick={() => setSelected(p.id)}>
                          <Typography.Text strong>{p.name}</Typography.Text> · {t(`kind.${p.kind}`)}
                          <br />
                          <Typography.Text type="secondary">{p.pathNames.join(' / ')}</Typography.Text>
                        </button>
                      </List.Item>
                    )}
                  />
                )}
              </QueryState>
            ) : (
              <QueryState query={roots} isEmpty={(d) => d.length === 0}>
                {(r) => <PlaceTree roots={r} onSelect={(p) => setSelected(p.id)} />}
              </QueryState>
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {selected ? <PlaceSummary id={selected} /> : <Card><EmptyState text={t('places.selectHint')} /></Card>}
        </Col>
      </Row>
    </PageShell>
  );
}
