import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../src/db/create-db.ts';
import type { World } from './world.ts';

/**
 * What a route's path parameters point at, found in the seeded demo district: the resource nearest the first
 * compound (then its community, its street, the district), with the place it belongs to and, for things a person
 * owns (their request, their notification), who owns it. The matrix then knows which callers may reach it.
 */
/**
 * ownerId: the person the row belongs to; holderId: a second person it belongs to (a voucher's holder, beside the
 * merchant); assignedPath: the place a row is assigned to outside the tree (the department a whistle named).
 */
export type Target = { params: Record<string, string>; path: string; ownerId?: number; holderId?: number; assignedPath?: string };

type Finder = (db: Db, w: World) => Promise<Target | null>;

/**
 * The nearest row under the anchors: `select` must return id, path (and may return owner_id, assigned_path and extra
 * params). Ties go to the first selected column (the oldest row), so the target does not depend on the heap's order.
 */
function nearest(from: string, pathExpr: string, where = 'true', extra = ''): Finder {
  return async (db, w) => {
    const a = w.anchors;
    const q = sql.raw(`select ${extra ? `${extra}, ` : ''}${pathExpr} as path from ${from} where ${where} and ${pathExpr} like '${a.district}%'
      order by case when ${pathExpr} like '${a.compound}%' then 0 when ${pathExpr} like '${a.community}%' then 1 when ${pathExpr} like '${a.street}%' then 2 else 3 end, 1 limit 1`) as RawBuilder<Record<string, unknown>>;
    const row = (await q.execute(db)).rows[0];
    if (!row) return null;
    const params: Record<string, string> = {};
    let ownerId: number | undefined;
    let assignedPath: string | undefined;
    let holderId: number | undefined;
    for (const [k, v] of Object.entries(row)) {
      if (k === 'path') continue;
      if (k === 'owner_id') ownerId = Number(v);
      else if (k === 'holder_id') holderId = Number(v);
      else if (k === 'assigned_path') assignedPath = String(v);
      else params[k] = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    }
    return { params, path: String(row.path), ...(ownerId !== undefined ? { ownerId } : {}), ...(holderId !== undefined ? { holderId } : {}), ...(assignedPath ? { assignedPath } : {}) };
  };
}

const districtWide = (from: string, extra: string): Finder => async (db, w) => {
  const row = (await (sql.raw(`select ${extra} from ${from} where district_id = ${w.districtId} limit 1`) as RawBuilder<Record<string, unknown>>).execute(db)).rows[0];
  if (!row) return null;
  const { owner_id: owner, ...rest } = row;
  const params = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v)]));
  return { params, path: w.anchors.district, ...(owner !== undefined ? { ownerId: Number(owner) } : {}) };
};

/** Route path (OpenAPI form) → how to find what its parameters name. The first match wins. */
export const TARGET_OF: [RegExp, Finder][] = [
  [/^\/api\/me\/requests\/\{id\}/, nearest('requests', 'compound_path', 'resident_id is not null', 'id, resident_id as owner_id')],
  [/^\/api\/requests\/\{id\}/, nearest('requests', 'compound_path', 'true', 'id')],
  [/^\/api\/request-photos\/\{id\}/, nearest('request_photos f join requests r on r.id = f.request_id', 'r.compound_path', 'true', 'f.id as id, r.resident_id as owner_id')],
  [/^\/api\/consultations\/\{id\}/, nearest('consultations c join requests r on r.id = c.request_id', 'r.compound_path', 'true', 'c.id as id')],
  [/^\/api\/department-reports\/\{id\}/, nearest('department_reports d join requests r on r.id = d.request_id join places dp on dp.id = d.department_id', 'r.compound_path', 'true', 'd.id as id, dp.path as assigned_path')],
  [/^\/api\/wish-wall\/\{id\}\/fulfil/, nearest('wishes', 'place_path', "status = 'claimed'", 'id, claimer_id as owner_id')],
  [/^\/api\/(wishes|wish-wall)\/\{id\}/, nearest('wishes', 'place_path', "status not in ('pending_review','rejected')", 'id')],
  [/^\/api\/wish-photos\/\{id\}/, nearest('wish_photos f join wishes x on x.id = f.wish_id', 'x.place_path', 'true', 'f.id as id')],
  [/^\/api\/errands\/\{id\}/, nearest('errands', 'compound_path', 'true', 'id')],
  [/^\/api\/(me\/)?volunteering\/activities\/\{id\}\/signups/, nearest('volunteer_signups s join volunteer_activities a on a.id = s.activity_id', 'a.place_path', 'true', 'a.id as id, s.id as "signupId"')],
  [/^\/api\/(me\/)?volunteering\/activities\/\{id\}/, nearest('volunteer_activities', 'place_path', "status <> 'cancelled'", 'id')],
  [/^\/api\/volunteering\/teams\/\{id\}/, nearest('volunteer_teams', 'place_path', 'true', 'id')],
  [/^\/api\/(me\/volunteering|public\/volunteer)-?[a-z/]*certificates\/\{code\}/, nearest('volunteer_certificates c join volunteers v on v.id = c.volunteer_id', 'v.home_place_path', 'true', 'c.code as code, v.person_id as owner_id')],
  [/^\/api\/store\/merchants\/\{id\}/, nearest('store_merchants', 'place_path', 'true', 'id, owner_id')],
  [/^\/api\/store\/listings\/\{id\}/, nearest('store_listings l join store_merchants m on m.id = l.merchant_id', 'm.place_path', "l.status = 'active'", 'l.id as id, m.owner_id as owner_id')],
  // A voucher is cancelled by the merchant who issued it (a refund) or by its holder.
  [/^\/api\/store\/vouchers\/\{id\}/, nearest('store_vouchers v join store_merchants m on m.id = v.merchant_id', 'm.place_path', 'true', 'v.id as id, m.owner_id as owner_id, v.person_id as holder_id')],
  [/^\/api\/store\/fulfil\/\{token\}/, nearest('store_vouchers v join store_merchants m on m.id = v.merchant_id', 'm.place_path', "v.status = 'issued'", 'v.token as token, m.owner_id as owner_id')],
  [/^\/api\/(me\/)?votes\/\{id\}/, nearest('owner_votes', 'scope_path', 'true', 'id')],
  [/^\/api\/(me\/)?polls\/\{id\}/, nearest('resident_polls', 'place_path', 'true', 'id')],
  [/^\/api\/topics\/\{id\}/, nearest('deliberation_topics', 'place_path', 'true', 'id')],
  [/^\/api\/deliberation-days\/\{id\}\/agenda/, nearest('deliberation_agenda_items i join deliberation_days d on d.id = i.day_id', 'd.place_path', 'true', 'd.id as id, i.id as "itemId"')],
  [/^\/api\/deliberation-days\/\{id\}\/participants/, nearest('deliberation_participants p join deliberation_days d on d.id = p.day_id', 'd.place_path', 'true', 'd.id as id, p.id as "participantId"')],
  [/^\/api\/deliberation-days\/\{id\}/, nearest('deliberation_days', 'place_path', 'true', 'id')],
  [/^\/api\/deliberation-followups\/\{id\}/, nearest('deliberation_followups f join deliberation_days d on d.id = f.day_id', 'd.place_path', 'true', 'f.id as id')],
  [/^\/api\/projects\/\{id\}\/tranches/, nearest('project_tranches x join projects p on p.id = x.project_id', 'p.place_path', 'x.paid_at is null', 'p.id as id, x.seq as seq')],
  [/^\/api\/projects\/\{id\}\/round\/applications\/\{applicationId\}/, nearest('round_applications a join project_rounds r on r.id = a.round_id join projects p on p.id = r.project_id', 'p.place_path', 'true', 'p.id as id, a.id as "applicationId"')],
  [/^\/api\/projects\/\{id\}\/objections\/\{objectionId\}/, nearest('project_objections x join projects p on p.id = x.project_id', 'p.place_path', 'x.answered_at is null', 'p.id as id, x.id as "objectionId"')],
  [/^\/api\/project-photos\/\{id\}/, nearest('project_report_photos f join projects p on p.id = f.project_id', 'p.place_path', 'f.report_id is not null', 'f.id as id')],
  [/^\/api\/organisations\/\{id\}\/annual-reports\/\{reportId\}/, nearest('organisation_annual_reports r join organisations o on o.id = r.organisation_id', 'o.place_path', 'r.filed_on is null', 'o.id as id, r.id as "reportId"')],
  [/^\/api\/organisations\/\{id\}\/members\/\{personId\}/, nearest('organisation_members m join organisations o on o.id = m.organisation_id', 'o.place_path', 'true', 'o.id as id, m.person_id as "personId"')],
  [/^\/api\/conventions\/\{id\}\/versions\/\{versionId\}/, nearest('convention_versions v join conventions c on c.id = v.convention_id', 'c.compound_path', 'true', 'c.id as id, v.id as "versionId"')],
  [/^\/api\/conventions\/\{id\}/, nearest('conventions', 'compound_path', 'true', 'id')],
  [/^\/api\/convention-filings\/\{id\}/, nearest('convention_filings f join convention_versions v on v.id = f.version_id join conventions c on c.id = v.convention_id', 'c.compound_path', 'true', 'f.id as id')],
  [/^\/api\/me\/convention-versions\/\{id\}/, nearest('convention_versions v join conventions c on c.id = v.convention_id', 'c.compound_path', "v.status = 'in_force'", 'v.id as id')],
  [/^\/api\/(me\/)?committee-elections\/\{id\}/, nearest('committee_elections', 'compound_path', 'true', 'id')],
  [/^\/api\/committee-nominations\/\{id\}/, nearest('committee_nominations n join committee_elections e on e.id = n.election_id', 'e.compound_path', "n.status = 'pending'", 'n.id as id')],
  [/^\/api\/committee-members\/\{id\}/, nearest('committee_members m join places p on p.id = m.compound_id', 'p.path', 'true', 'm.id as id')],
  [/^\/api\/(public\/)?projects\/\{id\}/, nearest('projects', 'place_path', 'true', 'id')],
  [/^\/api\/organisations\/\{id\}\/incubations\/\{incubationId\}/, nearest('organisation_incubations i join organisations o on o.id = i.organisation_id', 'o.place_path', 'true', 'o.id as id, i.id as "incubationId"')],
  [/^\/api\/(public\/)?organisations\/\{id\}/, nearest('organisations', 'place_path', 'true', 'id')],
  [/^\/api\/funds\/\{id\}/, nearest('fund_accounts', 'place_path', "kind = 'fund'", 'id')],
  [/^\/api\/(public\/)?charity(-drives|\/drives)\/\{id\}/, nearest('charity_drives', 'place_path', 'true', 'id')],
  [/^\/api\/(me\/)?surveys\/\{id\}/, nearest('surveys', 'place_path', 'true', 'id')],
  [/^\/api\/demands\/\{id\}/, nearest('demands', 'place_path', 'true', 'id')],
  [/^\/api\/people\/\{id\}/, nearest('people p join role_assignments r on r.person_id = p.id', 'r.place_path', "r.role in ('owner','resident')", 'p.id as id')],
  [/^\/api\/role-assignments\/\{id\}/, nearest('role_assignments', 'place_path', "role = 'volunteer'", 'id')],
  [/^\/api\/places\/\{id\}/, nearest('places', 'path', "kind in ('compound')", 'id')],
  [/^\/api\/(me\/)?party\/tasks\/\{id\}/, nearest('party_tasks', 'community_path', "status = 'open'", 'id')],
  [/^\/api\/party\/units\/\{id\}/, nearest('party_units', 'community_path', 'left_at is null', 'id')],
  [/^\/api\/party\/members\/\{id\}/, nearest('party_members', 'community_path', 'true', 'id, person_id as owner_id')],
  [/^\/api\/party\/liaisons\/\{id\}/, nearest('party_liaisons', 'community_path', 'ended_at is null', 'id')],
  [/^\/api\/notifications\/\{id\}/, nearest('notifications n join role_assignments r on r.person_id = n.person_id', 'r.place_path', 'true', 'n.id as id, n.person_id as owner_id')],
  [/^\/api\/ledgers\/exports\/\{id\}/, nearest('ledger_exports e join places p on p.id = e.place_id', 'p.path', 'true', 'e.id as id, e.person_id as owner_id')],
  [/^\/api\/imports\/error-files\/\{id\}/, districtWide('import_error_files', 'id, person_id as owner_id')],
  [/^\/api\/request-categories\/\{id\}/, districtWide('request_categories', 'id')],
  // A holiday is named by its day in the caller's own district: every district may have its own 1 January.
  [/^\/api\/holidays\/\{day\}/, async (db, w) => {
    const found = await districtWide('holidays', 'day')(db, w);
    return found ? { ...found, path: '/' } : null;
  }],
  [/^\/api\/open311\/keys\/\{id\}/, districtWide('open311_api_keys', 'id')],
];

export async function findTarget(db: Db, w: World, path: string): Promise<Target | null | undefined> {
  const hit = TARGET_OF.find(([re]) => re.test(path));
  if (!hit) return undefined;
  return hit[1](db, w);
}
