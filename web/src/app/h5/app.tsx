import { Button } from 'antd-mobile';
import { useEffect } from 'react';
import { createBrowserRouter, NavLink, Outlet, RouterProvider, useLocation } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../lib/i18n';
import { setUnauthenticatedHandler } from '../../lib/api/client';
import { MobileError, MobileLoading } from '../../components/mobile-states';
import { sessionKey, useSession } from '../../features/auth/api/get-session';
import { H5SignInPage } from '../../features/auth/pages/h5-sign-in-page';
import { MyHomePage } from '../../features/home/pages/my-home-page';
import { H5ServicesPage, SERVICE_ENTRIES } from '../../features/home/pages/h5-services-page';
import { H5RaisePage } from '../../features/requests/pages/h5-raise-page';
import { H5MyRequestsPage } from '../../features/requests/pages/h5-my-requests-page';
import { H5RequestPage } from '../../features/requests/pages/h5-request-page';
import { H5PointsPage } from '../../features/store/pages/h5-points-page';
import { H5StorePage } from '../../features/store/pages/h5-store-page';
import { H5VouchersPage } from '../../features/store/pages/h5-vouchers-page';
import { H5FulfilPage } from '../../features/store/pages/h5-fulfil-page';
import { H5ShopPage } from '../../features/store/pages/h5-shop-page';
import { H5MyErrandsPage } from '../../features/errands/pages/h5-my-errands-page';
import { H5WallPage } from '../../features/wishes/pages/h5-wall-page';
import { H5PostWishPage } from '../../features/wishes/pages/h5-post-wish-page';
import { H5MyWishesPage } from '../../features/wishes/pages/h5-my-wishes-page';
import { H5SurveysPage } from '../../features/demands/pages/h5-surveys-page';
import { H5ActivitiesPage } from '../../features/volunteering/pages/h5-activities-page';
import { H5ActivityPage } from '../../features/volunteering/pages/h5-activity-page';
import { H5CheckPage } from '../../features/volunteering/pages/h5-check-page';
import { H5HoursPage } from '../../features/volunteering/pages/h5-hours-page';
import { H5RegisterPage } from '../../features/volunteering/pages/h5-register-page';
import { H5ProjectsPage } from '../../features/projects/pages/h5-projects-page';
import { useElderMode } from './elder-mode';
import { H5PartyPage } from '../../features/party/pages/h5-party-page';
import { H5CharityPage } from '../../features/charity/pages/h5-charity-page';
import { H5DeliberationPage } from '../../features/deliberation/pages/h5-deliberation-page';
import { H5VotesPage } from '../../features/votes/pages/h5-votes-page';
import { H5ConventionsPage } from '../../features/conventions/pages/h5-conventions-page';

// Signed out → sign-in on every path; signed in → 我的家, 我要反映, 我的诉求 and a request's page.
const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <H5Shell />,
      children: [
        { index: true, element: <MyHomePage /> },
        { path: 'raise', element: <H5RaisePage /> },
        { path: 'services', element: <H5ServicesPage /> },
        { path: 'requests', element: <H5MyRequestsPage /> },
        { path: 'requests/:id', element: <H5RequestPage /> },
        { path: 'points', element: <H5PointsPage /> },
        { path: 'store', element: <H5StorePage /> },
        { path: 'store/vouchers', element: <H5VouchersPage /> },
        { path: 'store/fulfil/:token', element: <H5FulfilPage /> },
        { path: 'store/shop', element: <H5ShopPage /> },
        { path: 'errands', element: <H5MyErrandsPage /> },
        { path: 'wall', element: <H5WallPage /> },
        { path: 'wishes', element: <H5MyWishesPage /> },
        { path: 'wishes/new', element: <H5PostWishPage /> },
        { path: 'surveys', element: <H5SurveysPage /> },
        { path: 'volunteering', element: <H5ActivitiesPage /> },
        { path: 'volunteering/register', element: <H5RegisterPage /> },
        { path: 'volunteering/activities/:id', element: <H5ActivityPage /> },
        { path: 'volunteering/check', element: <H5CheckPage /> },
        { path: 'volunteering/hours', element: <H5HoursPage /> },
        { path: 'party', element: <H5PartyPage /> },
        { path: 'charity', element: <H5CharityPage /> },
        { path: 'deliberation', element: <H5DeliberationPage /> },
        { path: 'votes', element: <H5VotesPage /> },
        { path: 'conventions', element: <H5ConventionsPage /> },
        { path: 'projects', element: <H5ProjectsPage /> },
        { path: '*', element: <MyHomePage /> },
      ],
    },
  ],
  { basename: '/h5' },
);

export function H5App() {
  return <RouterProvider router={router} />;
}

function TabBar() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const tabs = [
    { to: '/', label: t('h5.tab.home'), end: true },
    { to: '/raise', label: t('h5.tab.raise'), end: true },
    { to: '/requests', label: t('h5.tab.mine'), end: false },
    { to: '/services', label: t('h5.tab.services'), end: true },
  ];
  // The services tab stays lit on every page reached from it.
  const inServices = SERVICE_ENTRIES.some((e) => pathname === e.to || pathname.startsWith(`${e.to}/`)) || pathname.startsWith('/store');
  return (
    <nav className="gz-h5-tabs" aria-label={t('app.h5')}>
      {tabs.map((x) => (
        <NavLink
          key={x.to}
          to={x.to}
          end={x.end}
          className={({ isActive }) => (isActive || (x.to === '/services' && inServices) ? 'gz-tab active' : 'gz-tab')}
        >
          {x.label}
        </NavLink>
      ))}
    </nav>
  );
}

function H5Shell() {
  const home = useLocation().pathname === '/';
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const qc = useQueryClient();
  const [elder, toggleElder] = useElderMode();

  useEffect(() => setUnauthenticatedHandler(() => qc.setQueryData(sessionKey, null)), [qc]);

  const right = (
    <div className="gz-h5-tools">
      <Button size="small" fill="outline" aria-pressed={elder} onClick={toggleElder} className="gz-elder-toggle">
        {t('h5.elderMode')}
      </Button>
      <Button
        size="small"
        fill="none"
        className="gz-lang"
        onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
        aria-label={t('lang.switch')}
      >
        {locale === 'zh-CN' ? t('lang.en-US') : t('lang.zh-CN')}
      </Button>
    </div>
  );

  let body;
  if (session.isPending) body = <MobileLoading />;
  else if (session.isError) body = <MobileError error={session.error} onRetry={() => void session.refetch()} />;
  else if (!session.data) body = <H5SignInPage />;
  else
    body = (
      <>
        <main className="gz-h5-main">
          <Outlet />
        </main>
        <TabBar />
      </>
    );

  return (
    <div className="gz-h5">
      <header>
        {/* Not antd-mobile's NavBar: its empty back slot is a nameless role=button, which axe flags. */}
        <div className="gz-h5-bar">
          <h1 className="gz-h5-nav-title">{session.data && home ? t('h5.myHome') : t('app.name')}</h1>
          {right}
        </div>
      </header>
      {elder && <p className="gz-elder-note">{t('h5.elderModeOn')}</p>}
      {body}
    </div>
  );
}
