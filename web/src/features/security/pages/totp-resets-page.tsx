import { Alert, App, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { PageShell } from '../../../components/page-shell';
import { useSession } from '../../auth/api/get-session';
import { useResetTotp, useTotpEnrolments, type TotpEnrolment } from '../api/totp-resets';

/**
 * 重置双因素认证: the security administrator sees who has an authenticator linked and resets it for someone who
 * lost theirs — with a reason for the audit log; the person is signed out and links a new one at next sign-in.
 */
export function TotpResetsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSession().data;
  const list = useTotpEnrolments();
  const reset = useResetTotp();
  const [form] = Form.useForm<{ reason: string }>();
  const [target, setTarget] = useState<TotpEnrolment | null>(null);
  const [banner, setBanner] = useState<string | null>(null);

  const close = () => {
    setTarget(null);
    setBanner(null);
    form.resetFields();
  };
  const submit = ({ reason }: { reason: string }) => {
    if (!target) return;
    setBanner(null);
    reset.mutate(
      { personId: target.personId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('totpReset.done', { name: target.name }));
          close();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <PageShell title={t('totpReset.title')}>
      <Card>
        <Typography.Paragraph type="secondary">{t('totpReset.intro')}</Typography.Paragraph>
        {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table<TotpEnrolment>
          rowKey="personId"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('totpReset.empty') }}
          columns={[
            { title: t('totpReset.name'), dataIndex: 'name' },
            { title: t('totpReset.phone'), dataIndex: 'phoneMasked' },
            {
              title: t('totpReset.roles'),
              dataIndex: 'roles',
              render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`role.${r}` as MessageKey)}</Tag>),
            },
            {
              title: t('totpReset.state'),
              key: 'state',
              render: (_, r) =>
                r.enabled ? <Tag color="success">{t('totpReset.enabled', { at: formatDateTime(r.enabledAt!) })}</Tag> : <Tag>{t('totpReset.pending')}</Tag>,
            },
            { title: t('totpReset.recoveryLeft'), dataIndex: 'recoveryCodesLeft', width: 110 },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 120,
              render: (_, r) =>
                r.personId === session?.person.id ? (
                  <Typography.Text type="secondary">{t('totpReset.own')}</Typography.Text>
                ) : (
                  <Button danger size="small" onClick={() => setTarget(r)} data-testid={`totp-reset-${r.personId}`}>
                    {t('totpReset.action')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        title={t('totpReset.confirmTitle', { name: target?.name ?? '' })}
        open={target !== null}
        onCancel={close}
        destroyOnHidden
        okText={t('totpReset.action')}
        okButtonProps={{ danger: true }}
        onOk={() => form.submit()}
        confirmLoading={reset.isPending}
      >
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
        <Alert type="warning" showIcon title={t('totpReset.warning')} style={{ marginBottom: 16 }} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="reason"
            label={t('totpReset.reason')}
            rules={[
              { required: true, whitespace: true, message: t('totpReset.reasonRequired') },
              { min: 4, message: t('totpReset.reasonShort') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('totpReset.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </PageShell>
  );
}
