import QRCode from 'qrcode';
import { Alert, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { useActivityQr } from '../api/activities';

/**
 * The code the organiser's phone shows at the door: a signed URL that lives 60 seconds, fetched anew every 20.
 * Volunteers scan it with WeChat's own scanner, which opens the H5 check-in page; no scanner runs here.
 */
export function CheckInQr({ activityId, enabled }: { activityId: number; enabled: boolean }) {
  const { t } = useI18n();
  const [op, setOp] = useState<'in' | 'out'>('in');
  const qr = useActivityQr(activityId, op, enabled);
  const url = qr.data ? `${window.location.origin}${qr.data.path}` : null;
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toDataURL(url, { margin: 1, width: 320, errorCorrectionLevel: 'M' }).then((d) => live && setSrc(d));
    return () => {
      live = false;
    };
  }, [url]);
  if (!enabled) return <Alert type="info" showIcon message={t('vol.qr.closed')} />;
  return (
    <Space direction="vertical" align="center" style={{ width: '100%' }}>
      <Segmented<'in' | 'out'> value={op} onChange={setOp} options={[{ value: 'in', label: t('vol.qr.in') }, { value: 'out', label: t('vol.qr.out') }]} />
      {qr.isError && <Alert type="error" showIcon message={errorText(qr.error, t)} />}
      {src && url && <img src={src} width={280} height={280} alt={t(op === 'in' ? 'vol.qr.altIn' : 'vol.qr.altOut')} data-testid="checkin-qr" data-url={url} />}
      {qr.data && <Typography.Text type="secondary">{t('vol.qr.expires', { at: formatDateTime(qr.data.expiresAt).slice(11) })}</Typography.Text>}
      <Typography.Text type="secondary">{t('vol.qr.hint')}</Typography.Text>
    </Space>
  );
}
