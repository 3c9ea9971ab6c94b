// Loading, empty and error states for the resident H5 (antd-mobile). Inline, never pop-ups.
import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { useI18n } from '../lib/i18n';
import { errorText } from '../lib/api/error-text';

export function MobileLoading() {
  const { t } = useI18n();
  return (
    <div role="status" className="gz-m-state">
      {t('common.loading')} <DotLoading />
    </div>
  );
}

export function MobileEmpty({ text }: { text?: string }) {
  const { t } = useI18n();
  return <ErrorBlock status="empty" title={text ?? t('common.empty')} description="" />;
}

export function MobileError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorBlock status="default" title={t('common.error')} description={errorText(error, t)}>
      {onRetry && (
        <Button color="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </ErrorBlock>
  );
}
