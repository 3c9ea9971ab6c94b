import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { useIssueOpen311Key } from '../api/issue-open311-key';
import type { IssuedKey } from '../api/types';

/** Asks for the client's name and issues the key; the parent then shows it once. */
export function IssueKeyModal(props: { onClose: () => void; onIssued: (k: IssuedKey) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const issue = useIssueOpen311Key();
  const [banner, setBanner] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('config.open311.issueTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('config.open311.issue')}
      cancelText={t('common.cancel')}
      confirmLoading={issue.isPending}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: '' }}
        onFinish={(v) => {
          setBanner(null);
          issue.mutate(v.name.trim(), { onSuccess: props.onIssued, onError: (err) => setBanner(errorText(err, t)) });
        }}
      >
        <Form.Item
          name="name"
          label={t('config.open311.name')}
          extra={t('config.open311.nameHelp')}
          rules={[{ required: true, whitespace: true, max: 40, message: t('config.open311.nameRequired') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
