import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../lib/i18n';

/**
 * The voucher's QR code: the absolute fulfilment link, drawn in the browser. The merchant scans it with WeChat's own
 * scanner, which opens the link; no scanner runs in the page.
 */
export function VoucherQr({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const url = `${window.location.origin}${path}`;
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(url, { margin: 1, width: 440, errorCorrectionLevel: 'M' }).then((d) => live && setSrc(d));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <div className="gz-qr">
      {src ? <img src={src} alt={t('store.qrAlt', { title })} data-testid="voucher-qr" data-url={url} /> : null}
      <span className="gz-qr-link">{t('store.qrHint')}</span>
    </div>
  );
}
