import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatFen } from '../../../lib/format';
import { ErrorState, LoadingState } from '../../../components/states';
import { usePublicProject } from '../api/projects-api';
import { useSession } from '../../auth/api/get-session';
import { PublicNotice, ReportMedia } from './project-gaps';

/** 项目公开页: no sign-in; goals, the organisation, money paid, progress and the evaluation. */
export function PublicProjectPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const project = usePublicProject(id);
  const session = useSession();
  if (project.isPending) return <LoadingState />;
  if (project.isError) return <ErrorState error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  return (
    <main style={{ maxWidth: 820, margin: '32px auto', padding: 16 }}>
      <Typography.Title level={1}>{p.title} {p.brand && <Tag color="magenta">{t('proj.brand')}</Tag>}</Typography.Title>
      <Card>
        <Descriptions column={2}>
          <Descriptions.Item label={t('proj.status')}>{t(`proj.status.${p.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('proj.place')}>{p.place.name}</Descriptions.Item>
          <Descriptions.Item label={t('proj.organisation')}>{p.organisation?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('proj.budget')}>{formatFen(p.budgetTotal)}</Descriptions.Item>
          <Descriptions.Item label={t('proj.paid')}>{formatFen(p.paid)}</Descriptions.Item>
          <Descriptions.Item label={t('proj.evalScore')}>{p.evaluation ? `${p.evaluation.score}（${p.evaluation.passed ? t('proj.passed') : t('proj.failed')}）` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('proj.rating')}>{p.rating.average === null ? '—' : t('proj.ratingLine', { avg: p.rating.average, n: p.rating.count })}</Descriptions.Item>
          <Descriptions.Item label={t('proj.goals')} span={2}>{p.goals}</Descriptions.Item>
          <Descriptions.Item label={t('proj.beneficiaries')} span={2}>{p.beneficiaries}</Descriptions.Item>
        </Descriptions>
      </Card>
      {p.notice && (p.notice.open || p.notice.objections.length > 0) && <div style={{ marginTop: 16 }}><PublicNotice id={id} notice={p.notice} signedIn={Boolean(session.data)} /></div>}
      <Card title={t('proj.step.reports')} style={{ marginTop: 16 }}>
        <List dataSource={p.reports} locale={{ emptyText: t('proj.noReports') }} renderItem={(r) => (
          <List.Item><List.Item.Meta title={formatDate(r.at)} description={<>{`${r.body}（${t('proj.participants')} ${r.participants}）`}<ReportMedia r={{ ...r, id: 0, activityRef: null, author: null }} /></>} /></List.Item>
        )} />
      </Card>
    </main>
  );
}
