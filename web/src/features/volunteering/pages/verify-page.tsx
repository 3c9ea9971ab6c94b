import '../volunteering.css';
import { Card, Descriptions, Result, Spin, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { LanguageSwitch } from '../../../components/language-switch';
import { useVerification } from '../api/verify';

/** 志愿服务证明查验 (public, no sign-in): what the certificate states, the name masked, nothing else about the person. */
export function VerifyPage() {
  const { t } = useI18n();
  const code = (useParams().code ?? '').toUpperCase();
  const v = useVerification(code);
  return (
    <main className="gz-verify">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>{t('vol.verify.title')}</Typography.Title>
        <LanguageSwitch />
      </div>
      {v.isPending ? <Spin /> : v.isError ? (
        v.error instanceof ApiError && (v.error.status === 404 || v.error.status === 400)
          ? <Result status="warning" title={t('vol.verify.notFound')} subTitle={t('vol.verify.notFoundHint', { code })} />
          : <Result status="error" title={t('common.error')} subTitle={errorText(v.error, t)} />
      ) : (
        <Card>
          <Result status="success" title={t('vol.verify.valid')} subTitle={t('vol.verify.validHint')} style={{ padding: 16 }} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('vol.verify.code')}><span data-testid="verify-code">{v.data.code}</span></Descriptions.Item>
            <Descriptions.Item label={t('vol.name')}>{v.data.volunteerName}</Descriptions.Item>
            <Descriptions.Item label={t('vol.totalHours')}><span data-testid="verify-hours">{v.data.totalHours.toFixed(1)}</span></Descriptions.Item>
            <Descriptions.Item label={t('vol.verify.activities')}>{v.data.activityCount}</Descriptions.Item>
            <Descriptions.Item label={t('vol.content')}>{v.data.content}</Descriptions.Item>
            <Descriptions.Item label={t('vol.recordingOrg')}>{v.data.recordingOrg}</Descriptions.Item>
            <Descriptions.Item label={t('vol.issuedOn')}>{formatDate(v.data.issuedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </main>
  );
}
