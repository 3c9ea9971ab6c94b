import type { RoleName, Session } from '../../lib/api/types';

// Which menu entries a role sees. The server checks every call anyway; this only avoids dead ends.
const STAFF: RoleName[] = [
  'commissioner', 'community_worker', 'grid_worker', 'residents_committee', 'street_admin', 'district_admin',
  'system_admin', 'department_staff',
];
const ACCESS = {
  places: STAFF,
  coverage: ['community_worker', 'street_admin', 'district_admin', 'system_admin'],
  people: ['commissioner', 'community_worker', 'street_admin', 'district_admin', 'system_admin', 'security_admin'],
  import: ['street_admin', 'district_admin', 'system_admin'],
  audit: ['audit_admin'],
  // The requests module's own lists (server/src/platform/roles.ts: requests.read, requests.report, measures.read).
  requests: [
    'commissioner', 'grid_worker', 'residents_committee', 'owners_committee', 'self_management_committee', 'property_staff',
    'community_worker', 'street_admin', 'district_admin',
  ],
  departmentReports: ['department_staff'],
  measures: ['commissioner', 'community_worker', 'street_admin', 'district_admin'],
  // server/src/platform/roles.ts: store.manage, points.ledger.
  store: ['community_worker', 'street_admin', 'district_admin'],
  pointsLedger: ['district_admin'],
  // 代办 (server/src/platform/roles.ts: errands.handle).
  errands: ['commissioner', 'community_worker', 'grid_worker'],
  // 志愿服务 (server/src/platform/roles.ts: volunteering.manage).
  volunteering: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'residents_committee', 'org_staff'],
  // 微心愿 review and statistics (server/src/platform/roles.ts: wishes.review).
  wishes: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'residents_committee'],
  // 配置: server/src/modules/requests/setup.service.ts (district admin) and open311-keys.service.ts (district or system admin).
  configCategories: ['district_admin'],
  configHolidays: ['district_admin'],
  configOpen311Keys: ['district_admin', 'system_admin'],
  // 党建引领 (server/src/platform/roles.ts: party.manage; 联点 leaders reach their page by its link).
  party: ['district_admin', 'street_admin', 'community_worker'],
  // 微公益 (charity.manage).
  charity: ['district_admin', 'street_admin', 'community_worker', 'residents_committee', 'org_staff'],
  // 议事协商 (server/src/platform/roles.ts: deliberation.manage) and 业主表决 (votes.manage).
  deliberation: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'residents_committee', 'owners_committee', 'self_management_committee', 'facilitator'],
  votes: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'owners_committee', 'self_management_committee'],
  // 驾驶舱 (server/src/platform/roles.ts: cockpit.read).
  cockpit: ['district_admin', 'street_admin', 'community_worker', 'commissioner'],
  // 微项目, 社会组织, 资金 (server/src/platform/roles.ts: projects.*, organisations.read, funds.manage).
  projects: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'facilitator', 'org_staff'],
  organisations: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'grid_worker', 'residents_committee', 'org_staff'],
  funds: ['district_admin', 'street_admin', 'community_worker'],
  // 小区公约 (conventions.manage, conventions.file) and 业委会/自管会 elections (committees.manage).
  conventions: ['district_admin', 'street_admin', 'community_worker', 'commissioner', 'owners_committee', 'self_management_committee'],
  committees: ['district_admin', 'street_admin', 'community_worker', 'commissioner'],
  // 重置双因素认证 (server/src/platform/roles.ts: security.totp_reset).
  totpResets: ['security_admin'],
} satisfies Record<string, RoleName[]>;

export type Area = keyof typeof ACCESS;

export const canSee = (session: Session, area: Area) =>
  session.roles.some((r) => (ACCESS[area] as RoleName[]).includes(r.role));
