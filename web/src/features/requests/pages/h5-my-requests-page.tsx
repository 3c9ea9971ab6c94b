import { Button, List } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyRequests } from '../api/list-my-requests';
import type { RequestStatus } from '../api/types';
import { H5StatusTag } from '../components/h5-status-tag';

// How far along the request is, for the progress bar: raised → accepted → assigned → in progress → resolved → closed.
const PROGRESS: Record<RequestStatus, number> = {
  submitted: 1, accepted: 2, assigned: 3, in_progress: 4, resolved: 5, closed: 6, cancelled: 6, merged: 6,
};

/** 我的诉求: my requests, newest first, each with its status and how far it got. */
export function H5MyRequestsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const mine = useMyRequests();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.data.items.length === 0)
    body = (
      <>
        <MobileEmpty text={t('h5.mine.empty')} />
        <div className="gz-h5-actions">
          <Button block color="primary" size="large" onClick={() => navigate('/raise')}>
            {t('h5.mine.raise')}
          </Button>
        </div>
      </>
    );
  else
    body = (
      <List mode="card">
        {mine.data.items.map((r) => {
          const step = PROGRESS[r.status];
          return (
            <List.Item
              key={r.id}
              onClick={() => navigate(`/requests/${r.id}`)}
              arrowIcon
              extra={<H5StatusTag status={r.status} />}
              description={
                <>
                  <span>{r.category.name} · {t(`req.type.${r.type}`)} · {formatDateTime(r.createdAt)}</span>
                  <span className="gz-progress" role="progressbar" aria-label={t('h5.detail.progress')} aria-valuemin={0} aria-valuemax={6} aria-valuenow={step}>
                    <span className="gz-progress-bar" style={{ width: `${(step / 6) * 100}%` }} />
                  </span>
                </>
              }
            >
              <span className="gz-h5-clamp">{r.description}</span>
            </List.Item>
          );
        })}
      </List>
    );
  return (
    <section className="gz-h5-page" aria-labelledby="mine-title">
      <h2 id="mine-title" className="gz-h5-h2">{t('h5.mine.title')}</h2>
      {body}
    </section>
  );
}
