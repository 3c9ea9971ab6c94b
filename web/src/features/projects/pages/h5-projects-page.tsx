import { Button, Card, ProgressBar, Space, Tag, Toast } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatFen } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyCompoundProjects, useRateProject, type MyProject } from '../api/projects-api';
import { useState } from 'react';

/** H5 · 身边的项目: the projects at my compound and community, their progress, and my rating. */
export function H5ProjectsPage() {
  const { t } = useI18n();
  const list = useMyCompoundProjects();
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div className="gz-h5-page">
      <h1 className="gz-h5-h2">{t('proj.h5.title')}</h1>
      {list.data.length === 0 ? <MobileEmpty text={t('proj.h5.empty')} /> : list.data.map((p) => <ProjectCard key={p.id} p={p} />)}
    </div>
  );
}

function ProjectCard({ p }: { p: MyProject }) {
  const { t } = useI18n();
  const rate = useRateProject();
  const [stars, setStars] = useState(0);
  const share = p.progress.tranches ? p.progress.tranchesPaid / p.progress.tranches : 0;
  return (
    <Card title={p.title} extra={<Tag color="primary">{t(`proj.status.${p.status}`)}</Tag>} style={{ marginBottom: 12 }}>
      <p>{p.goals}</p>
      <p>{t('proj.organisation')}：{p.organisation?.name ?? '—'} · {t('proj.budget')}：{formatFen(p.budgetTotal)}</p>
      <p>{t('proj.h5.progress', { paid: p.progress.tranchesPaid, all: p.progress.tranches, reports: p.progress.reports, people: p.progress.participants })}</p>
      <ProgressBar percent={Math.round(share * 100)} aria-label={t('proj.h5.progressLabel')} />
      {p.progress.latestReport && <p style={{ color: '#595959' }}>{t('proj.h5.latest')}：{p.progress.latestReport}</p>}
      {p.rating.mine !== null ? (
        <p>{t('proj.h5.rated', { stars: p.rating.mine })}</p>
      ) : (
        <div>
          {/* Five labelled buttons rather than a drag-to-rate widget: easy to hit in elders' mode and for screen readers. */}
          <div role="group" aria-label={t('proj.h5.rate')}><Space wrap>
            {[1, 2, 3, 4, 5].map((n) => (
              <Button key={n} size="small" fill={stars === n ? 'solid' : 'outline'} color={stars === n ? 'primary' : 'default'} aria-pressed={stars === n} onClick={() => setStars(n)}>
                {t('proj.h5.stars', { n })}
              </Button>
            ))}
          </Space></div>
          <Button size="small" color="primary" disabled={stars === 0} loading={rate.isPending} style={{ marginTop: 8 }}
            onClick={() => rate.mutate({ id: p.id, stars }, { onSuccess: () => void Toast.show(t('proj.h5.thanks')), onError: (e) => void Toast.show(errorText(e, t)) })}>
            {t('proj.h5.rate')}
          </Button>
        </div>
      )}
      {p.rating.average !== null && <p>{t('proj.ratingLine', { avg: p.rating.average, n: p.rating.count })}</p>}
    </Card>
  );
}
