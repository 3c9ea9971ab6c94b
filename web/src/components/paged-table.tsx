// The workbench's list screens share one shape: a filter bar, then a table that pages on the server.
// These three pieces hold that shape so each page only says which filters and which columns it has.
import { Button, Form, Table, type FormInstance, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { EmptyState, ErrorState } from './states';

/** A filter with server-side paging; `page` goes back to 1 whenever the filter itself changes. */
export type Paged<F> = F & { page: number; pageSize: number };

/**
 * Filter state of a paged list: `apply` sets new filter values (page 1, page size kept), `reset` goes back to the
 * initial filter, `setPage` follows the table's pager.
 */
export function usePagedFilter<F extends object>(initial: Paged<F>) {
  const [filter, setFilter] = useState<Paged<F>>(initial);
  return {
    filter,
    apply: (values: F) => setFilter({ ...values, page: 1, pageSize: filter.pageSize } as Paged<F>),
    reset: () => setFilter({ ...initial, page: 1, pageSize: filter.pageSize }),
    setPage: (page: number, pageSize: number) => setFilter({ ...filter, page, pageSize }),
  };
}

/** An inline filter form ending in 查询 / 重置; the caller puts its Form.Items inside. */
export function FilterBar<V extends object>({
  form,
  initialValues,
  onSearch,
  onReset,
  children,
}: {
  form?: FormInstance<V>;
  initialValues?: Partial<V>;
  onSearch: (values: V) => void;
  onReset: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form<V> form={form} layout="inline" initialValues={initialValues} onFinish={onSearch} onReset={onReset} style={{ marginBottom: 16, rowGap: 8 }}>
      {children}
      <Form.Item>
        <Button type="primary" htmlType="submit">{t('common.search')}</Button>
      </Form.Item>
      <Form.Item>
        <Button htmlType="reset">{t('common.reset')}</Button>
      </Form.Item>
    </Form>
  );
}

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A table fed by a list query: the error state with a retry instead of the table, the empty state once loaded, and
 * (when `paging` is given) a pager with the total. Without `paging` the table does not page (cursor lists page
 * themselves, e.g. the audit log's "load more").
 */
export function PagedTable<T extends object>({
  query,
  loading,
  emptyText,
  paging,
  ...table
}: Omit<TableProps<T>, 'pagination' | 'loading'> & {
  query: ListQuery;
  /** Defaults to the query's first load; pass `isFetching` to show the spinner on every page change. */
  loading?: boolean;
  emptyText?: string;
  paging?: { page: number; pageSize: number; total: number; onChange: (page: number, pageSize: number) => void };
}) {
  const { t } = useI18n();
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<T>
      rowKey="id"
      {...table}
      loading={loading ?? query.isPending}
      locale={{ emptyText: query.isPending ? ' ' : <EmptyState text={emptyText} /> }}
      pagination={
        paging
          ? {
              current: paging.page,
              pageSize: paging.pageSize,
              total: paging.total,
              showTotal: (n) => t('common.total', { n }),
              onChange: paging.onChange,
            }
          : false
      }
    />
  );
}
