import { App, Button, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { useOpen311Keys } from '../api/list-open311-keys';
import { useRevokeOpen311Key } from '../api/revoke-open311-key';
import type { IssuedKey, Open311Key } from '../api/types';
import { IssueKeyModal } from '../components/issue-key-modal';
import { IssuedKeyModal } from '../components/issued-key-modal';

/** Open311 API keys: issue one per client system (shown once), see when each was last used, revoke. */
export function Open311KeysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const keys = useOpen311Keys();
  const revoke = useRevokeOpen311Key();
  const [asking, setAsking] = useState(false);
  const [issued, setIssued] = useState<IssuedKey | null>(null);

  const doRevoke = (k: Open311Key) =>
    revoke.mutate(k.id, {
      onSuccess: () => void message.success(t('config.open311.revoked.ok', { name: k.name })),
      onError: (err) => void message.error(errorText(err, t)),
    });

  return (
    <PageShell
      title={t('config.open311.title')}
      extra={
        <Button type="primary" onClick={() => setAsking(true)}>
          {t('config.open311.issue')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('config.open311.intro')}</Typography.Paragraph>
      <QueryState query={keys} isEmpty={(d) => d.length === 0}>
        {(rows) => (
          <Table<Open311Key>
            rowKey="id"
            dataSource={rows}
            size="middle"
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: t('config.open311.name'), dataIndex: 'name' },
              { title: t('config.open311.prefix'), dataIndex: 'keyPrefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
              { title: t('config.open311.createdBy'), dataIndex: 'createdBy', render: (n: string | null) => n ?? t('config.open311.cli') },
              { title: t('config.open311.createdAt'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
              { title: t('config.open311.lastUsedAt'), dataIndex: 'lastUsedAt', render: (d: string | null) => (d ? formatDateTime(d) : t('config.open311.never')) },
              {
                title: t('config.open311.status'),
                key: 'status',
                render: (_, k) =>
                  k.revokedAt ? <Tag>{t('config.open311.revoked', { at: formatDateTime(k.revokedAt) })}</Tag> : <Tag color="success">{t('config.open311.active')}</Tag>,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, k) =>
                  k.revokedAt ? null : (
                    <Popconfirm
                      title={t('config.open311.revokeConfirm', { name: k.name })}
                      description={t('config.open311.revokeHelp')}
                      okText={t('config.open311.revoke')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => doRevoke(k)}
                    >
                      <Button size="small" danger aria-label={`${t('config.open311.revoke')} ${k.name}`}>
                        {t('config.open311.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {asking && (
        <IssueKeyModal
          onClose={() => setAsking(false)}
          onIssued={(k) => {
            setAsking(false);
            setIssued(k);
          }}
        />
      )}
      {issued && <IssuedKeyModal issued={issued} onClose={() => setIssued(null)} />}
    </PageShell>
  );
}
