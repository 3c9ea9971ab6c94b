import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { useAckDepartmentReport } from '../api/ack-department-report';
import { useActDepartmentReport } from '../api/act-department-report';
import type { DepartmentReport } from '../api/types';

/** For department staff: report in (报到), then say what was done. */
export function DepartmentReportActions({ requestId, report }: { requestId: number; report: DepartmentReport }) {
  const { t } = useI18n();
  const ack = useAckDepartmentReport(requestId, report.id);
  const act = useActDepartmentReport(requestId, report.id);
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Flex vertical gap={8} style={{ marginTop: 16 }}>
      <Typography.Text strong>{report.departmentName}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} />}
      {report.acknowledgedAt ? (
        <Typography.Text>{t('dept.acked', { time: formatDateTime(report.acknowledgedAt) })}</Typography.Text>
      ) : (
        <Button type="primary" loading={ack.isPending} onClick={() => ack.mutate(undefined, { onError: (e) => setError(errorText(e, t)) })}>
          {t('dept.ack')}
        </Button>
      )}
      {report.actedAt ? (
        <Typography.Text>{t('dept.acted', { time: formatDateTime(report.actedAt) })}</Typography.Text>
      ) : (
        report.acknowledgedAt && (
          <Form form={form} layout="vertical" onFinish={(v) => act.mutate({ note: v.note.trim() }, { onError: (e) => setError(errorText(e, t)) })}>
            <Form.Item name="note" label={t('dept.actionNote')} rules={[{ required: true, whitespace: true, message: t('dept.actionNoteRequired') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Button htmlType="submit" loading={act.isPending}>
              {t('dept.act')}
            </Button>
          </Form>
        )
      )}
    </Flex>
  );
}
