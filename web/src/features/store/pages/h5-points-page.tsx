import '../store.css';
import { Button, List } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyEntries, useMyPoints, type MyEntry } from '../api/store-api';

/** 我的积分: balance, what expires first, how points are earned here, and every movement. */
export function H5PointsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const points = useMyPoints();
  const [page, setPage] = useState(1);
  const entries = useMyEntries(page);
  if (points.isPending) return <MobileLoading />;
  if (points.isError) return <MobileError error={points.error} onRetry={() => void points.refetch()} />;
  const p = points.data;
  return (
    <section className="gz-h5-page" aria-labelledby="points-title">
      <h2 id="points-title" className="gz-h5-h2">{t('points.mine')}</h2>
      <div className="gz-pts-hero">
        <span>{t('points.balance')}</span>
        <strong data-testid="points-balance">{p.balance}</strong>
        {p.expiring && <span>{t('points.expiring', { points: p.expiring.points, date: formatDate(p.expiring.at) })}</span>}
        <span>{t('points.noCash')}</span>
      </div>
      <div className="gz-pts-links">
        <Button color="primary" onClick={() => navigate('/store')}>{t('store.title')}</Button>
        <Button onClick={() => navigate('/store/vouchers')}>{t('store.myVouchers')}</Button>
      </div>
      <List mode="card" header={t('points.rules')}>
        {p.rules.length === 0 ? <List.Item>{t('points.noRules')}</List.Item> : p.rules.map((r) => (
          <List.Item key={r.rule} extra={t('points.perUnit', { points: r.pointsPerUnit })}>{t(`points.rule.${r.rule}`)}</List.Item>
        ))}
      </List>
      <h3 className="gz-h5-h3">{t('points.history')}</h3>
      {entries.isPending ? <MobileLoading /> : entries.isError ? <MobileError error={entries.error} onRetry={() => void entries.refetch()} /> : entries.data.items.length === 0 ? (
        <MobileEmpty text={t('points.historyEmpty')} />
      ) : (
        <>
          <List mode="card">
            {entries.data.items.map((e) => <EntryItem key={e.id} entry={e} />)}
          </List>
          {entries.data.total > 20 && (
            <div className="gz-pts-links">
              <Button disabled={page === 1} onClick={() => setPage(page - 1)}>{t('store.prev')}</Button>
              <Button disabled={page * 20 >= entries.data.total} onClick={() => setPage(page + 1)}>{t('store.next')}</Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function EntryItem({ entry: e }: { entry: MyEntry }) {
  const { t } = useI18n();
  const what = e.kind === 'earn' && e.rule ? t(`points.rule.${e.rule}`) : e.memo ?? t(`points.kind.${e.kind}`);
  return (
    <List.Item
      description={`${t(`points.kind.${e.kind}`)} · ${formatDateTime(e.createdAt)}`}
      extra={<span className={e.points > 0 ? 'gz-pts-plus' : 'gz-pts-minus'}>{e.points > 0 ? `+${e.points}` : e.points}</span>}
    >
      {what}
    </List.Item>
  );
}
