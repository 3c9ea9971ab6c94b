import { Card, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { useSession } from '../../auth/api/get-session';
import { ErrorState, LoadingState } from '../../../components/states';
import { useMyLiaisons } from '../api/party-api';
import { LiaisonsTab } from '../components/liaisons-tab';
import { MembersTab } from '../components/members-tab';
import { ReportTab } from '../components/report-tab';
import { ReportTable } from '../components/report-table';
import { TasksTab } from '../components/tasks-tab';
import { UnitsTab } from '../components/units-tab';

const MANAGERS = ['district_admin', 'street_admin', 'community_worker'];
const TABS = ['units', 'members', 'tasks', 'liaisons', 'report', 'follow'] as const;

/** 党建引领: the big party committee's units, 双报到 members, tasks, 联点 and reports; the tab is in the URL. */
export function PartyPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const roles = (session.data?.roles ?? []).map((r) => r.role);
  const manages = roles.some((r) => MANAGERS.includes(r));
  const tab = TABS.find((x) => x === params.get('tab')) ?? (manages ? 'units' : 'follow');
  return (
    <>
      <Typography.Title level={2}>{t('party.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          ...(manages ? [
            { key: 'units', label: t('party.tab.units'), children: <UnitsTab /> },
            { key: 'members', label: t('party.tab.members'), children: <MembersTab /> },
            { key: 'tasks', label: t('party.tab.tasks'), children: <TasksTab /> },
            { key: 'liaisons', label: t('party.tab.liaisons'), children: <LiaisonsTab canEdit={roles.includes('district_admin')} /> },
            { key: 'report', label: t('party.tab.report'), children: <ReportTab /> },
          ] : []),
          { key: 'follow', label: t('party.tab.follow'), children: <MyLiaisons /> },
        ]}
      />
    </>
  );
}

/** 联点 leaders follow their demonstration communities here (counts only). */
function MyLiaisons() {
  const { t } = useI18n();
  const mine = useMyLiaisons();
  if (mine.isPending) return <LoadingState />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />;
  if (mine.data.items.length === 0) return <Typography.Text type="secondary">{t('party.noFollow')}</Typography.Text>;
  return (
    <>
      {mine.data.items.map(({ liaison, report }) => (
        <Card key={liaison.id} size="small" style={{ marginBottom: 16 }} title={`${liaison.community.name} · ${liaison.post} ${liaison.person.name}`}>
          <ReportTable report={report} />
        </Card>
      ))}
    </>
  );
}
