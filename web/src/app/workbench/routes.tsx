import { createBrowserRouter } from 'react-router-dom';
import { SignInPage } from '../../features/auth/pages/sign-in-page';
import { WorkbenchLayout } from './layout';
import { LoadingState } from '../../components/states';

// Pages load lazily so the sign-in screen stays small.
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  // 志愿服务证明查验: public, no sign-in.
  { path: '/verify/:code', lazy: () => import('../../features/volunteering/pages/verify-page').then((m) => ({ Component: m.VerifyPage })) },
  // 公益台账公示: public, no sign-in.
  { path: '/charity-ledger/:id', lazy: () => import('../../features/charity/pages/public-ledger-page').then((m) => ({ Component: m.PublicLedgerPage })) },
  // 社会组织、项目公开页: public, no sign-in.
  { path: '/public/organisations/:id', lazy: () => import('../../features/organisations/pages/public-organisation-page').then((m) => ({ Component: m.PublicOrganisationPage })) },
  { path: '/public/projects/:id', lazy: () => import('../../features/projects/pages/public-project-page').then((m) => ({ Component: m.PublicProjectPage })) },
  {
    path: '/',
    element: <WorkbenchLayout />,
    hydrateFallbackElement: <LoadingState />, // shown while a lazy page loads on first visit
    children: [
      { index: true, lazy: () => import('../../features/auth/pages/my-roles-page').then((m) => ({ Component: m.MyRolesPage })) },
      { path: 'account/security', lazy: () => import('../../features/auth/pages/security-page').then((m) => ({ Component: m.SecurityPage })) },
      { path: 'places', lazy: () => import('../../features/places/pages/place-tree-page').then((m) => ({ Component: m.PlaceTreePage })) },
      { path: 'places/:id', lazy: () => import('../../features/places/pages/place-page').then((m) => ({ Component: m.PlacePage })) },
      { path: 'coverage', lazy: () => import('../../features/coverage/pages/coverage-page').then((m) => ({ Component: m.CoveragePage })) },
      { path: 'people', lazy: () => import('../../features/people/pages/people-page').then((m) => ({ Component: m.PeoplePage })) },
      { path: 'people/:id', lazy: () => import('../../features/people/pages/person-page').then((m) => ({ Component: m.PersonPage })) },
      { path: 'import', lazy: () => import('../../features/imports/pages/import-page').then((m) => ({ Component: m.ImportPage })) },
      { path: 'requests', lazy: () => import('../../features/requests/pages/queue-page').then((m) => ({ Component: m.QueuePage })) },
      { path: 'requests/new', lazy: () => import('../../features/requests/pages/raise-for-page').then((m) => ({ Component: m.RaiseForPage })) },
      { path: 'requests/:id', lazy: () => import('../../features/requests/pages/request-page').then((m) => ({ Component: m.RequestPage })) },
      { path: 'department-reports', lazy: () => import('../../features/requests/pages/department-reports-page').then((m) => ({ Component: m.DepartmentReportsPage })) },
      { path: 'measures', lazy: () => import('../../features/requests/pages/measures-page').then((m) => ({ Component: m.MeasuresPage })) },
      { path: 'config/categories', lazy: () => import('../../features/config/pages/categories-page').then((m) => ({ Component: m.CategoriesPage })) },
      { path: 'config/holidays', lazy: () => import('../../features/config/pages/holidays-page').then((m) => ({ Component: m.HolidaysPage })) },
      { path: 'config/open311-keys', lazy: () => import('../../features/config/pages/open311-keys-page').then((m) => ({ Component: m.Open311KeysPage })) },
      { path: 'demands', lazy: () => import('../../features/demands/pages/demands-page').then((m) => ({ Component: m.DemandsPage })) },
      { path: 'surveys', lazy: () => import('../../features/demands/pages/surveys-page').then((m) => ({ Component: m.SurveysPage })) },
      { path: 'wishes', lazy: () => import('../../features/wishes/pages/wishes-page').then((m) => ({ Component: m.WishesPage })) },
      { path: 'errands', lazy: () => import('../../features/errands/pages/errands-page').then((m) => ({ Component: m.ErrandsPage })) },
      { path: 'errands/new', lazy: () => import('../../features/errands/pages/new-errand-page').then((m) => ({ Component: m.NewErrandPage })) },
      { path: 'errands/:id', lazy: () => import('../../features/errands/pages/errand-page').then((m) => ({ Component: m.ErrandPage })) },
      { path: 'volunteering', lazy: () => import('../../features/volunteering/pages/activities-page').then((m) => ({ Component: m.ActivitiesPage })) },
      { path: 'volunteering/volunteers', lazy: () => import('../../features/volunteering/pages/volunteers-page').then((m) => ({ Component: m.VolunteersPage })) },
      { path: 'volunteering/:id', lazy: () => import('../../features/volunteering/pages/activity-page').then((m) => ({ Component: m.ActivityPage })) },
      { path: 'audit', lazy: () => import('../../features/audit/pages/audit-page').then((m) => ({ Component: m.AuditPage })) },
      { path: 'store/merchants', lazy: () => import('../../features/store/pages/merchants-page').then((m) => ({ Component: m.MerchantsPage })) },
      { path: 'store/settlement', lazy: () => import('../../features/store/pages/settlement-page').then((m) => ({ Component: m.SettlementPage })) },
      { path: 'points/ledger', lazy: () => import('../../features/store/pages/ledger-page').then((m) => ({ Component: m.LedgerPage })) },
      { path: 'points/rules', lazy: () => import('../../features/store/pages/rules-page').then((m) => ({ Component: m.RulesPage })) },
      { path: 'party', lazy: () => import('../../features/party/pages/party-page').then((m) => ({ Component: m.PartyPage })) },
      { path: 'charity', lazy: () => import('../../features/charity/pages/charity-page').then((m) => ({ Component: m.CharityPage })) },
      { path: 'charity/:id', lazy: () => import('../../features/charity/pages/charity-drive-page').then((m) => ({ Component: m.CharityDrivePage })) },
      { path: 'topics', lazy: () => import('../../features/deliberation/pages/topics-page').then((m) => ({ Component: m.TopicsPage })) },
      { path: 'deliberation-days', lazy: () => import('../../features/deliberation/pages/days-page').then((m) => ({ Component: m.DaysPage })) },
      { path: 'deliberation-days/:id', lazy: () => import('../../features/deliberation/pages/day-page').then((m) => ({ Component: m.DayPage })) },
      { path: 'votes', lazy: () => import('../../features/votes/pages/votes-page').then((m) => ({ Component: m.VotesPage })) },
      { path: 'votes/:id', lazy: () => import('../../features/votes/pages/vote-page').then((m) => ({ Component: m.VotePage })) },
      { path: 'conventions', lazy: () => import('../../features/conventions/pages/conventions-page').then((m) => ({ Component: m.ConventionsPage })) },
      { path: 'conventions/:id', lazy: () => import('../../features/conventions/pages/convention-page').then((m) => ({ Component: m.ConventionPage })) },
      { path: 'committees', lazy: () => import('../../features/conventions/pages/committees-page').then((m) => ({ Component: m.CommitteesPage })) },
      { path: 'committees/:id', lazy: () => import('../../features/conventions/pages/committee-page').then((m) => ({ Component: m.CommitteePage })) },
      { path: 'polls', lazy: () => import('../../features/conventions/pages/polls-page').then((m) => ({ Component: m.PollsPage })) },
      { path: 'cockpit', lazy: () => import('../../features/cockpit/pages/dashboard-page').then((m) => ({ Component: m.CockpitDashboardPage })) },
      { path: 'organisations', lazy: () => import('../../features/organisations/pages/organisations-page').then((m) => ({ Component: m.OrganisationsPage })) },
      { path: 'organisations/:id', lazy: () => import('../../features/organisations/pages/organisation-page').then((m) => ({ Component: m.OrganisationPage })) },
      { path: 'funds', lazy: () => import('../../features/funds/pages/funds-page').then((m) => ({ Component: m.FundsPage })) },
      { path: 'projects', lazy: () => import('../../features/projects/pages/projects-page').then((m) => ({ Component: m.ProjectsPage })) },
      { path: 'projects/matchmaking', lazy: () => import('../../features/projects/pages/matchmaking-page').then((m) => ({ Component: m.MatchmakingPage })) },
      { path: 'projects/new', lazy: () => import('../../features/projects/pages/new-project-page').then((m) => ({ Component: m.NewProjectPage })) },
      { path: 'projects/:id', lazy: () => import('../../features/projects/pages/project-page').then((m) => ({ Component: m.ProjectPage })) },
    ],
  },
]);
