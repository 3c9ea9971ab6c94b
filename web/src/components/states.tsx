// Loading, empty and error states for the workbench. Every screen uses these, so they look the same.
import { Alert, Button, Empty, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { errorText } from '../lib/api/error-text';

export function LoadingState() {
  const { t } = useI18n();
  return (
    <Flex justify="center" align="center" style={{ padding: 48 }} role="status">
      <Spin description={t('common.loading')} />
    </Flex>
  );
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useI18n();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text ?? t('common.empty')} />;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.error')}
      description={errorText(error, t)}
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** Renders the three states of a query, and `children(data)` once it has data. */
export function QueryState<T>({
  query,
  isEmpty,
  emptyText,
  children,
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <EmptyState text={emptyText} />;
  return <>{children(query.data)}</>;
}
