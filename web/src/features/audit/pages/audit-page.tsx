import { Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { FilterBar, PagedTable } from '../../../components/paged-table';
import { useAudit, type AuditEntry, type AuditFilter } from '../api/list-audit';

interface Values {
  action?: string;
  actorId?: number;
  result?: AuditEntry['result'];
  range?: [Dayjs | null, Dayjs | null] | null;
}

const RESULT_COLOR = { ok: 'success', denied: 'warning', failed: 'error' } as const;

export function AuditPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>({});
  const audit = useAudit(filter);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (v: Values) =>
    setFilter({
      action: v.action?.trim() || undefined,
      actorId: v.actorId ?? undefined,
      result: v.result,
      from: v.range?.[0]?.startOf('day').toISOString(),
      to: v.range?.[1]?.endOf('day').toISOString(),
    });

  return (
    <PageShell title={t('audit.title')}>
      <Card>
        <FilterBar<Values> onSearch={apply} onReset={() => setFilter({})}>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="actorId" label={t('audit.actorId')}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="result" label={t('audit.result')}>
            <Select
              allowClear
              style={{ width: 120 }}
              options={(['ok', 'denied', 'failed'] as const).map((r) => ({ value: r, label: t(`audit.result.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker />
          </Form.Item>
        </FilterBar>
        <PagedTable<AuditEntry>
          query={audit}
          size="small"
          dataSource={rows}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: formatDateTime, width: 170 },
            { title: t('audit.actor'), key: 'actor', render: (_, r) => r.actorName ?? r.actorId ?? '' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.target'), key: 'target', render: (_, r) => [r.targetType, r.targetId].filter(Boolean).join(' #') },
            {
              title: t('audit.result'),
              dataIndex: 'result',
              render: (x: AuditEntry['result']) => <Tag color={RESULT_COLOR[x]}>{t(`audit.result.${x}`)}</Tag>,
            },
            { title: t('audit.ip'), dataIndex: 'ip' },
          ]}
        />
        {/* Cursor paging: "load more" under the table rather than page numbers. */}
        {!audit.isError && audit.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </PageShell>
  );
}
