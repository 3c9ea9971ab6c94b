import QRCode from 'qrcode';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { ErrorState, LoadingState } from '../../../components/states';
import { useConfirmTotp, useDisableTotp, useStartTotp, useTotpStatus } from '../api/totp';

/** 账号安全: link an authenticator app (双因素认证), see the recovery codes once, turn it off with a code. */
export function SecurityPage() {
  const { t } = useI18n();
  const status = useTotpStatus();
  // Kept here, not in the enrolment card: the status refetch after linking swaps the cards, and the codes are shown once.
  const [codes, setCodes] = useState<string[] | null>(null);
  if (status.isPending) return <LoadingState />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  return (
    <PageShell title={t('totp.title')}>
      {s.enforced && !s.enabled && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('totp.enforcedBanner')} />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('totp.state')}>
            {s.enabled ? <Tag color="#1a7f4b">{t('totp.on')}</Tag> : <Tag color="#595959">{t('totp.off')}</Tag>}
            {s.enabled && s.enabledAt && <Typography.Text type="secondary">{t('totp.since', { at: formatDateTime(s.enabledAt) })}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('totp.requiredLabel')}>{s.required ? t('totp.requiredYes') : t('totp.requiredNo')}</Descriptions.Item>
          {s.enabled && <Descriptions.Item label={t('totp.recoveryLeft')}>{s.recoveryCodesLeft}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {codes ? <RecoveryCodes codes={codes} /> : s.enabled ? <DisableCard enforced={s.enforced} /> : <EnrolCard onEnabled={setCodes} />}
    </PageShell>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('totp.recoveryTitle')}>
      <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('totp.enabledNow')} description={t('totp.recoveryHint')} />
      <ol data-testid="recovery-codes" style={{ columns: 2, fontFamily: 'monospace', fontSize: 16 }}>
        {codes.map((c) => <li key={c}>{c}</li>)}
      </ol>
    </Card>
  );
}

function EnrolCard({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const { t } = useI18n();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!start.data) return;
    let live = true;
    void QRCode.toDataURL(start.data.otpauthUrl, { margin: 1, width: 220 }).then((src) => live && setQr(src));
    return () => {
      live = false;
    };
  }, [start.data]);
  return (
    <Card title={t('totp.enrolTitle')}>
      <Steps direction="vertical" size="small" current={start.data ? 1 : 0} items={[
        { title: t('totp.step1'), description: t('totp.step1Hint') },
        { title: t('totp.step2'), description: t('totp.step2Hint') },
      ]} />
      {!start.data ? (
        <Button type="primary" loading={start.isPending} onClick={() => start.mutate()}>{t('totp.start')}</Button>
      ) : (
        <Space direction="vertical" size="middle">
          {qr && <img src={qr} width={220} height={220} alt={t('totp.qrAlt')} data-testid="totp-qr" data-url={start.data.otpauthUrl} />}
          <Typography.Text>{t('totp.manual')} <Typography.Text code copyable data-testid="totp-secret">{start.data.secret}</Typography.Text></Typography.Text>
          <Form layout="inline" onFinish={(v: { code: string }) => confirm.mutate(v.code, { onSuccess: (r) => onEnabled(r.recoveryCodes) })}>
            <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('totp.codeInvalid') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>{t('totp.confirm')}</Button>
          </Form>
        </Space>
      )}
      {(start.isError || confirm.isError) && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={errorText(start.error ?? confirm.error, t)} />}
    </Card>
  );
}

function DisableCard({ enforced }: { enforced: boolean }) {
  const { t } = useI18n();
  const disable = useDisableTotp();
  return (
    <Card title={t('totp.disableTitle')}>
      {enforced ? (
        <Typography.Paragraph>{t('totp.cannotDisable')}</Typography.Paragraph>
      ) : (
        <Form layout="inline" onFinish={(v: { code: string }) => disable.mutate(v.code)}>
          <Form.Item name="code" label={t('totp.codeOrRecovery')} rules={[{ required: true, message: t('totp.codeInvalid') }]}>
            <Input autoComplete="one-time-code" maxLength={11} style={{ width: 160 }} />
          </Form.Item>
          <Button danger htmlType="submit" loading={disable.isPending}>{t('totp.disable')}</Button>
        </Form>
      )}
      {disable.isError && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={errorText(disable.error, t)} />}
    </Card>
  );
}
