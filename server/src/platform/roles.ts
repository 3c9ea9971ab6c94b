/** Every role a person can hold at a place (DESIGN.md "The places and the people"). */
export const ROLES = [
  'resident', // 居民
  'owner', // 业主 (by household, with exclusive area)
  'commissioner', // 小区专员
  'community_worker', // 社工 / 社区工作者
  'grid_worker', // 网格员
  'residents_committee', // 居委会成员
  'owners_committee', // 业委会成员
  'self_management_committee', // 自管会成员
  'property_staff', // 物业
  'department_staff', // 职能部门
  'street_admin', // 街道管理员
  'district_admin', // 区管理员
  'org_staff', // 社会组织工作人员
  'volunteer', // 志愿者
  'party_member', // 党员
  'merchant', // 商家
  'facilitator', // 促动师
  'system_admin', // 系统管理员 (三权分立)
  'security_admin', // 安全管理员
  'audit_admin', // 审计管理员
] as const;

export type RoleName = (typeof ROLES)[number];

/** Roles that work in the workbench on behalf of a place (as opposed to residents acting for themselves). */
export const STAFF_ROLES: readonly RoleName[] = [
  'commissioner',
  'community_worker',
  'grid_worker',
  'residents_committee',
  'owners_committee',
  'self_management_committee',
  'property_staff',
  'department_staff',
  'street_admin',
  'district_admin',
];

const ADMINS: RoleName[] = ['district_admin', 'street_admin', 'community_worker'];

/**
 * The one table of who may do what. A permission is granted by holding one of these roles at a place, and it
 * reaches that place's subtree only (scope.ts). Nothing else in the code decides authority.
 */
export const PERMISSIONS = {
  'places.read': [...STAFF_ROLES, 'system_admin'],
  'places.write': ADMINS,
  'compounds.write': [...ADMINS, 'commissioner'],
  'coverage.read': ADMINS,
  'cockpit.read': [...ADMINS, 'commissioner'],
  'people.read': [...ADMINS, 'commissioner', 'grid_worker', 'system_admin'],
  'people.write': [...ADMINS, 'commissioner', 'system_admin'],
  /** Unmasked sensitive fields: the people who serve residents in person, never administrators of the system. */
  'people.reveal': [...ADMINS, 'commissioner', 'grid_worker'],
  'roles.assign': [...ADMINS, 'system_admin'],
  'imports.places': ['district_admin', 'system_admin'],
  'audit.read': ['audit_admin'],
  'home.read': ['resident', 'owner'],
  /** Residents raise requests for the compound they live in (checked against their household). */
  'requests.raise': ['resident', 'owner'],
  /** Staff raise a request on a resident's behalf (phone, walk-in, visit). */
  'requests.raise_for': [...ADMINS, 'commissioner', 'grid_worker'],
  /** See requests: whole subtrees for these, party roles only what is routed to their party, departments what names them. */
  'requests.read': [...ADMINS, 'commissioner', 'grid_worker', 'residents_committee', 'owners_committee', 'self_management_committee', 'property_staff', 'department_staff'],
  /** First-receiver duties: accept, route, merge, convene, return visits (首接负责). */
  'requests.handle': [...ADMINS, 'commissioner'],
  /** Work on a routed request: start, resolve, dispute the routing. */
  'requests.work': [...ADMINS, 'commissioner', 'residents_committee', 'owners_committee', 'self_management_committee', 'property_staff', 'department_staff'],
  /** The street blows the whistle (街道吹哨). */
  'requests.whistle': ['street_admin', 'district_admin'],
  /** Departments report (部门报到). */
  'requests.report': ['department_staff'],
  'measures.read': [...ADMINS, 'commissioner'],
  /** Proxy errands for residents in special groups (代办). */
  'errands.handle': ['commissioner', 'community_worker', 'grid_worker'],
  /** Volunteering (志愿服务): publish activities, register volunteers, form teams, confirm hours, call out in emergencies. */
  'volunteering.manage': [...ADMINS, 'commissioner', 'residents_committee', 'org_staff'],
  /** Export volunteer records with ID numbers for the national volunteer system (every export audited). */
  'volunteering.export': ADMINS,
  /** 微心愿: residents post their own wishes; staff post for a resident who cannot (an elder, a child in need). */
  'wishes.post': ['resident', 'owner'],
  'wishes.post_for': [...ADMINS, 'commissioner', 'grid_worker'],
  /** The community reviews wishes, sees the recipient, and reads per-place statistics. */
  'wishes.review': [...ADMINS, 'commissioner', 'residents_committee'],
  /** Claim a wish from the wall: one party member, unit, volunteer or merchant. */
  'wishes.claim': ['party_member', 'volunteer', 'merchant', 'org_staff'],
  /** Read the public wall of the community one belongs to or serves (only what recipients consented to show). */
  'wishes.wall': ['resident', 'owner', 'party_member', 'volunteer', 'merchant', 'org_staff', ...STAFF_ROLES],
  /** 需求清单: gather, assess and convert the needs of a place. */
  'demands.manage': [...ADMINS, 'commissioner', 'residents_committee'],
  /** The district's earning rules and points expiry (积分规则). */
  'points.rules': ['district_admin'],
  /** The points journal and reconciliation (积分台账), district-wide. */
  'points.ledger': ['district_admin'],
  /** Approve merchants and skilled residents (商家、达人入驻), see their listings and settlement, in one's own subtree. */
  'store.manage': ADMINS,
  /** 大党委 and 双报到: units, members' registrations (party membership is sensitive: audited reads), tasks, reports. */
  'party.manage': ADMINS,
  /** 联点: link district leaders to demonstration communities. */
  'party.liaisons': ['district_admin'],
  /** 双报到: an in-service party member registers at the community they live in. */
  'party.register': ['resident', 'owner'],
  /** 微公益: run charity drives and keep their ledger. */
  'charity.manage': [...ADMINS, 'residents_committee', 'org_staff'],
  /** See the charity drives of one's community in the H5 (the ledger is public anyway). */
  'charity.read': ['resident', 'owner', 'party_member', 'volunteer', 'merchant', 'org_staff', ...STAFF_ROLES],
  /** 业主共同决定: draft, announce, open, close and publish owners' votes; proxies, paper ballots, the live tally. */
  'votes.manage': [...ADMINS, 'commissioner', 'owners_committee', 'self_management_committee'],
  /** The district's notice periods for owners' votes. */
  'votes.settings': ['district_admin'],
  /** 议事协商: agenda, deliberation days, minutes, follow-ups. */
  'deliberation.manage': [...ADMINS, 'commissioner', 'residents_committee', 'owners_committee', 'self_management_committee', 'facilitator'],
  /** Raise a topic (议题): residents for where they live, the three parties and staff for their places. */
  'topics.raise': ['resident', 'owner', ...ADMINS, 'commissioner', 'residents_committee', 'owners_committee', 'self_management_committee', 'property_staff'],
  /** 台账: generate a place's ledgers (requests, errands, activities, wishes); names and phones masked unless people.reveal. */
  'ledgers.export': [...ADMINS, 'commissioner'],
  /** 社会组织: the registry, incubation and the purchase directory (名录库), in one's own subtree. */
  'organisations.manage': ADMINS,
  /** Read the registry (staff who match needs to organisations, and organisations' own staff). */
  'organisations.read': [...STAFF_ROLES, 'org_staff'],
  /** Funds (区级资金池, 街道配套, 社区基金, 众筹, 捐赠): create, pay in, year-end reports, at one's own level. */
  'funds.manage': ['district_admin', 'street_admin', 'community_worker'],
  /** Projects: propose from a need, allocate, run procurement, sign contracts, evaluate, pay, close. */
  'projects.manage': [...ADMINS, 'commissioner'],
  /** 立项: approve a project; the level its amount requires is checked on top (projects/approval.ts). */
  'projects.approve': ADMINS,
  /** Score venture-philanthropy applications against the rubric (experts; 促动师 may sit on the panel). */
  'projects.score': [...ADMINS, 'facilitator'],
  /** Organisations apply to rounds and report progress on their own projects (membership checked too). */
  'projects.deliver': ['org_staff'],
  /** Residents see the projects of their compound and rate them. */
  'projects.rate': ['resident', 'owner'],
  /** 小区公约: draft versions, put them to the owners' vote, see acknowledgements, submit the filing (备案). */
  'conventions.manage': [...ADMINS, 'commissioner', 'owners_committee', 'self_management_committee'],
  /** The street accepts or returns a convention's filing. */
  'conventions.file': ['street_admin', 'district_admin'],
  /** 业委会/自管会: open an election, review nominees' eligibility, start the election vote, settle the roster. */
  'committees.manage': [...ADMINS, 'commissioner'],
  /** 安全管理员: see who has an authenticator linked and reset it for staff who lost theirs (never their own). */
  'security.totp_reset': ['security_admin'],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Which roles each role may hand out: nobody grants the three administrator roles but a system admin; the staff
 * who register people (commissioners among them) may place residents and owners; the rest needs 'roles.assign'.
 */
export function canGrantRole(granterRoles: readonly RoleName[], role: RoleName): boolean {
  const holds = (p: Permission) => granterRoles.some((r) => (PERMISSIONS[p] as readonly RoleName[]).includes(r));
  if (role === 'system_admin' || role === 'security_admin' || role === 'audit_admin') return granterRoles.includes('system_admin');
  if (role === 'resident' || role === 'owner') return holds('people.write');
  return holds('roles.assign');
}
