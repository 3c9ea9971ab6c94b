import { Button, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n, type MessageKey } from '../../lib/i18n';
import { setEnrolmentRequiredHandler, setUnauthenticatedHandler } from '../../lib/api/client';
import { LoadingState, ErrorState } from '../../components/states';
import { LanguageSwitch } from '../../components/language-switch';
import { sessionKey, useSession } from '../../features/auth/api/get-session';
import { useLogout } from '../../features/auth/api/logout';
import { canSee, type Area } from './access';
import { NotificationBell } from '../../features/notifications/components/notification-bell';

const MENU: { path: string; label: MessageKey; area?: Area }[] = [
  { path: '/', label: 'menu.home' },
  { path: '/requests', label: 'menu.requests', area: 'requests' },
  { path: '/department-reports', label: 'menu.departmentReports', area: 'departmentReports' },
  { path: '/measures', label: 'menu.measures', area: 'measures' },
  { path: '/errands', label: 'menu.errands', area: 'errands' },
  { path: '/volunteering', label: 'menu.volunteering', area: 'volunteering' },
  { path: '/wishes', label: 'menu.wishes', area: 'wishes' },
  { path: '/demands', label: 'menu.demands', area: 'wishes' },
  { path: '/surveys', label: 'menu.surveys', area: 'wishes' },
  { path: '/places', label: 'menu.places', area: 'places' },
  { path: '/coverage', label: 'menu.coverage', area: 'coverage' },
  { path: '/people', label: 'menu.people', area: 'people' },
  { path: '/import', label: 'menu.import', area: 'import' },
  { path: '/audit', label: 'menu.audit', area: 'audit' },
  { path: '/store/merchants', label: 'menu.storeMerchants', area: 'store' },
  { path: '/store/settlement', label: 'menu.storeSettlement', area: 'store' },
  { path: '/points/ledger', label: 'menu.pointsLedger', area: 'pointsLedger' },
  { path: '/points/rules', label: 'menu.pointsRules', area: 'pointsLedger' },
  { path: '/party', label: 'menu.party', area: 'party' },
  { path: '/charity', label: 'menu.charity', area: 'charity' },
  { path: '/topics', label: 'menu.topics', area: 'deliberation' },
  { path: '/deliberation-days', label: 'menu.deliberationDays', area: 'deliberation' },
  { path: '/votes', label: 'menu.votes', area: 'votes' },
  { path: '/cockpit', label: 'menu.cockpit', area: 'cockpit' },
  { path: '/projects', label: 'menu.projects', area: 'projects' },
  { path: '/organisations', label: 'menu.organisations', area: 'organisations' },
  { path: '/funds', label: 'menu.funds', area: 'funds' },
  { path: '/conventions', label: 'menu.conventions', area: 'conventions' },
  { path: '/committees', label: 'menu.committees', area: 'committees' },
  { path: '/polls', label: 'menu.polls', area: 'votes' },
  { path: '/security/totp-resets', label: 'menu.totpResets', area: 'totpResets' },
];

/** The settings area (配置), shown as one sub-menu to the roles that may use at least one of its screens. */
const CONFIG_MENU: { path: string; label: MessageKey; area: Area }[] = [
  { path: '/config/categories', label: 'menu.config.categories', area: 'configCategories' },
  { path: '/config/holidays', label: 'menu.config.holidays', area: 'configHolidays' },
  { path: '/config/open311-keys', label: 'menu.config.open311Keys', area: 'configOpen311Keys' },
];

export function WorkbenchLayout() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const logout = useLogout();

  // A 401 from any call means the session ended (idle timeout, sign-out elsewhere): back to sign-in.
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      qc.setQueryData(sessionKey, null);
    });
    // 双因素认证 enforced and not yet linked: every other call answers 403 TOTP_ENROLMENT_REQUIRED; go and link it.
    setEnrolmentRequiredHandler(() => navigate('/account/security'));
  }, [qc, navigate]);

  if (session.isPending) return <LoadingState />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  const s = session.data;
  const items = MENU.filter((m) => !m.area || canSee(s, m.area));
  const selected = items
    .filter((m) => (m.path === '/' ? location.pathname === '/' : location.pathname.startsWith(m.path)))
    .map((m) => m.path);
  const configItems = CONFIG_MENU.filter((m) => canSee(s, m.area));
  const configSelected = configItems.filter((m) => location.pathname.startsWith(m.path)).map((m) => m.path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#001529' }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          {t('app.workbench')}
        </Typography.Text>
        <Flex gap={16} align="center">
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown
            menu={{
              items: [
                { key: 'security', label: t('totp.menu') },
                { key: 'out', label: t('auth.signOut') },
                { key: 'all', label: t('auth.signOutAll') },
              ],
              onClick: ({ key }) => (key === 'security' ? navigate('/account/security') : logout.mutate(key === 'all')),
            }}
          >
            <Button type="text" style={{ color: '#fff' }}>
              {s.person.name}
            </Button>
          </Dropdown>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label={t('app.workbench')}>
            <Menu
              mode="inline"
              selectedKeys={[...selected, ...configSelected]}
              defaultOpenKeys={configSelected.length ? ['config'] : []}
              items={[
                ...items.map((m) => ({ key: m.path, label: t(m.label) })),
                ...(configItems.length
                  ? [{ key: 'config', label: t('menu.config'), children: configItems.map((m) => ({ key: m.path, label: t(m.label) })) }]
                  : []),
              ]}
              onClick={({ key }) => navigate(key)}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
