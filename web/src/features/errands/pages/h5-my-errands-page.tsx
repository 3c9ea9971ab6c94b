import { List, ProgressBar, Tag } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyErrands } from '../api/list-my-errands';
import { TRIPS_AIM, type ErrandStatus } from '../api/types';

const COLOR: Record<ErrandStatus, 'primary' | 'success' | 'default'> = { open: 'primary', done: 'success', cancelled: 'default' };

/** 我的代办: what the commissioner is running for me, how far it got, and how often I had to go myself. */
export function H5MyErrandsPage() {
  const { t } = useI18n();
  const mine = useMyErrands();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.data.items.length === 0) body = <MobileEmpty text={t('h5.errands.empty')} />;
  else
    body = (
      <List mode="card">
        {mine.data.items.map((e) => (
          <List.Item
            key={e.id}
            extra={<Tag color={COLOR[e.status]}>{t(`errand.status.${e.status}`)}</Tag>}
            description={
              <>
                <span>
                  {t('h5.errands.handledBy', { name: e.handledBy.name })} · {formatDateTime(e.createdAt)}
                </span>
                <br />
                <span>
                  {t('errand.checklist')} {t('errand.checklistProgress', { done: e.checklistDone, total: e.checklist.length })} · {t('errand.trips')}{' '}
                  <span style={e.residentTrips > TRIPS_AIM ? { color: 'var(--adm-color-danger)', fontWeight: 600 } : undefined}>
                    {t('errand.tripsCount', { n: e.residentTrips })}
                  </span>
                </span>
                <ProgressBar percent={e.checklist.length ? (e.checklistDone / e.checklist.length) * 100 : 0} aria-label={t('errand.checklist')} />
              </>
            }
          >
            {e.title}
          </List.Item>
        ))}
      </List>
    );
  return (
    <section className="gz-h5-page" aria-labelledby="errands-title">
      <h2 id="errands-title" className="gz-h5-h2">{t('h5.errands.title')}</h2>
      {body}
    </section>
  );
}
