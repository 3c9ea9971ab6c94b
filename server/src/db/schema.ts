import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as the migrations create them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type PlaceKind = 'district' | 'street' | 'community' | 'compound' | 'building' | 'unit' | 'household' | 'grid' | 'department';

export interface PlacesTable {
  id: ColumnType<number, number | undefined, never>;
  district_id: number;
  parent_id: number | null;
  kind: PlaceKind;
  name: string;
  code: string | null;
  path: string;
  depth: number;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface CompoundProfilesTable {
  place_id: number;
  district_id: number;
  compound_kind: string;
  build_year: number | null;
  household_count: ColumnType<number, number | undefined, number>;
  property_company: string | null;
  committee_type: ColumnType<string, string | undefined, string>;
  follow_majority: ColumnType<boolean, boolean | undefined, boolean>;
  convention: string | null;
  service_point_address: string | null;
  service_point_hours: string | null;
  updated_at: DefaultedTimestamp;
}

export interface CommunityProfilesTable {
  place_id: number;
  district_id: number;
  community_class: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: DefaultedTimestamp;
}

export interface PlaybooksTable {
  district_id: number;
  community_class: string;
  body: string;
}

export interface HouseholdsTable {
  place_id: number;
  district_id: number;
  exclusive_area: number | null;
  area_source: string | null;
}

export interface GridBuildingsTable {
  district_id: number;
  grid_id: number;
  building_id: number;
}

export interface PeopleTable {
  id: Generated<number>;
  district_id: number;
  name: string;
  phone_cipher: string;
  phone_hash: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  flags_cipher: string | null;
  password_hash: string | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface RoleAssignmentsTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  role: string;
  place_id: number;
  place_path: string;
  is_local: Generated<boolean>;
  valid_from: DefaultedTimestamp;
  valid_to: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface ConsentsTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  purpose: string;
  granted_at: DefaultedTimestamp;
  withdrawn_at: Timestamp | null;
  recorded_by: number | null;
}

export interface SessionsTable {
  id: string;
  district_id: number;
  person_id: number;
  csrf_token: string;
  created_at: DefaultedTimestamp;
  last_seen_at: DefaultedTimestamp;
  ended_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
  /** The sign-in that opened this session proved the TOTP second factor. */
  second_factor: Generated<boolean>;
}

/** 双因素认证: one TOTP credential per person (migration 0018). */
export interface TotpCredentialsTable {
  person_id: number;
  district_id: number;
  secret_cipher: string;
  recovery_hashes: Generated<string[]>;
  confirmed_at: Timestamp | null;
  last_step: number | null;
  created_at: Timestamp;
}

export interface TotpChallengesTable {
  id: string;
  district_id: number;
  person_id: number;
  method: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SmsCodesTable {
  id: Generated<number>;
  district_id: number;
  phone_hash: string;
  code_hash: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  district_id: number;
  at: DefaultedTimestamp;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  result: 'ok' | 'denied' | 'failed';
  ip: string | null;
  detail: ColumnType<unknown, string | null | undefined, never>;
  /** The hash chain (migration 0012): set by the database's insert trigger, never by the application. */
  seq: ColumnType<number, never, never>;
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

/** The last link of each district's audit chain, locked while a row is appended (migration 0012). */
export interface AuditChainHeadsTable {
  district_id: number;
  seq: number;
  hash: string;
  last_id: number | null;
}

export interface ImportErrorFilesTable {
  id: string;
  district_id: number;
  person_id: number;
  file_name: string;
  content: Uint8Array;
  created_at: DefaultedTimestamp;
}

export interface RequestCategoriesTable {
  id: Generated<number>;
  district_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  default_party: string;
  response_minutes: number;
  resolution_minutes: number;
  working_time: Generated<boolean>;
  active: Generated<boolean>;
  sort: Generated<number>;
}

export interface HolidaysTable {
  district_id: number;
  day: ColumnType<string, string, string>;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface RequestsTable {
  id: Generated<number>;
  district_id: number;
  compound_id: number;
  compound_path: string;
  category_id: number;
  type: string;
  description: string;
  location_place_id: number | null;
  location_text: string | null;
  urgency: Generated<string>;
  status: string;
  resident_id: number | null;
  raised_by: number;
  channel: string;
  assignee_party: string | null;
  assignee_department_id: number | null;
  escalation_level: Generated<string>;
  response_due_at: Timestamp;
  resolution_due_at: Timestamp;
  accepted_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  reopen_count: Generated<number>;
  rating: number | null;
  rating_comment: string | null;
  merged_into: number | null;
  idempotency_key: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface RequestEventsTable {
  id: Generated<number>;
  district_id: number;
  request_id: number;
  at: Timestamp;
  actor_id: number | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: ColumnType<unknown, string | null | undefined, never>;
}

export interface RequestPhotosTable {
  id: string;
  district_id: number;
  request_id: number | null;
  uploaded_by: number;
  purpose: 'report' | 'resolution';
  mime: string;
  width: number;
  height: number;
  bytes: number;
  content: Uint8Array;
  created_at: DefaultedTimestamp;
}

export interface WhistlesTable {
  id: Generated<number>;
  district_id: number;
  request_id: number;
  street_id: number;
  blown_by: number;
  reason: string;
  blown_at: Timestamp;
}

export interface DepartmentReportsTable {
  id: Generated<number>;
  district_id: number;
  whistle_id: number;
  request_id: number;
  department_id: number;
  ack_due_at: Timestamp;
  action_due_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  acted_at: Timestamp | null;
  action_note: string | null;
  ack_missed: Generated<boolean>;
  action_missed: Generated<boolean>;
}

export interface ReturnVisitsTable {
  id: Generated<number>;
  district_id: number;
  request_id: number;
  due_at: Timestamp;
  done_at: Timestamp | null;
  done_by: number | null;
  reached: boolean | null;
  satisfied: boolean | null;
  note: string | null;
}

export interface ConsultationsTable {
  id: Generated<number>;
  district_id: number;
  request_id: number;
  convened_by: number;
  scheduled_at: Timestamp;
  parties: string[];
  attended: string[] | null;
  outcome: string | null;
  to_deliberation: Generated<boolean>;
  closed_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface ErrandsTable {
  id: Generated<number>;
  district_id: number;
  compound_id: number;
  compound_path: string;
  resident_id: number;
  commissioner_id: number;
  title: string;
  checklist: ColumnType<unknown, string, string>;
  resident_trips: Generated<number>;
  status: Generated<string>;
  created_at: DefaultedTimestamp;
  done_at: Timestamp | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: DefaultedTimestamp;
  read_at: Timestamp | null;
}

export interface DomainEventsTable {
  id: Generated<number>;
  district_id: number;
  type: string;
  payload: ColumnType<unknown, string, never>;
  created_at: DefaultedTimestamp;
}

export interface TimersTable {
  id: Generated<number>;
  district_id: number;
  kind: string;
  subject_id: number;
  due_at: Timestamp;
  fired_at: Timestamp | null;
}

export interface MeasureWeightsTable {
  district_id: number;
  response: number;
  resolution: number;
  satisfaction: number;
}

export interface Open311ApiKeysTable {
  id: Generated<number>;
  district_id: number;
  name: string;
  key_prefix: string;
  key_hash: string;
  person_id: number;
  created_by: number | null;
  created_at: DefaultedTimestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface Open311TokensTable {
  token: string;
  district_id: number;
  key_id: number;
  request_id: number;
  created_at: DefaultedTimestamp;
}

export interface CommissionerCallsTable {
  id: Generated<number>;
  district_id: number;
  compound_id: number;
  compound_path: string;
  resident_id: number;
  called_at: Timestamp;
}

/** 积分 ledger: see migration 2026-11-23-0009-points-store. */
export type PointsAccountKind = 'person' | 'merchant' | 'issuance' | 'redemption' | 'expiry';
export type PointsEntryKind = 'earn' | 'redeem' | 'cancel' | 'fulfil' | 'expire' | 'reverse';
type Bigint = ColumnType<number, number | string, number | string>;

export interface PointsAccountsTable {
  id: Generated<number>;
  district_id: number;
  kind: PointsAccountKind;
  owner_id: number | null;
  balance: number | null;
  created_at: DefaultedTimestamp;
}

export interface PointsEntriesTable {
  id: Generated<number>;
  district_id: number;
  debit_account_id: number;
  credit_account_id: number;
  amount: Bigint;
  kind: PointsEntryKind;
  rule: string | null;
  source_type: string | null;
  source_id: string | null;
  idempotency_key: string | null;
  memo: string | null;
  created_by: number | null;
  created_at: DefaultedTimestamp;
}

export interface PointsLotsTable {
  id: Generated<number>;
  district_id: number;
  account_id: number;
  entry_id: number;
  amount: Bigint;
  remaining: Bigint;
  expires_at: Timestamp | null;
  created_at: DefaultedTimestamp;
}

export interface PointsLotDrawsTable {
  district_id: number;
  entry_id: number;
  lot_id: number;
  amount: Bigint;
}

export interface PointsRulesTable {
  district_id: number;
  rule: string;
  points_per_unit: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface PointsSettingsTable {
  district_id: number;
  expiry_days: number | null;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface PointsIdempotencyTable {
  district_id: number;
  actor_id: number;
  key: string;
  operation: string;
  request_hash: string;
  response: ColumnType<unknown, string, never>;
  created_at: DefaultedTimestamp;
}

/** 贡享超市 */
export interface StoreMerchantsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  kind: 'merchant' | 'talent';
  name: string;
  description: ColumnType<string, string | undefined, string>;
  address: string | null;
  owner_id: number;
  status: ColumnType<'pending' | 'approved' | 'rejected' | 'suspended', 'pending' | 'approved' | 'rejected' | 'suspended' | undefined>;
  applied_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: number | null;
  decision_note: string | null;
}

export interface StoreListingsTable {
  id: Generated<number>;
  district_id: number;
  merchant_id: number;
  kind: 'goods' | 'service';
  title: string;
  description: ColumnType<string, string | undefined, string>;
  price_points: number;
  stock: number;
  status: ColumnType<'active' | 'withdrawn', 'active' | 'withdrawn' | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoreVouchersTable {
  id: Generated<number>;
  district_id: number;
  listing_id: number;
  merchant_id: number;
  person_id: number;
  title: string;
  price_points: number;
  token: string;
  status: 'issued' | 'fulfilled' | 'cancelled';
  redeem_entry_id: number;
  issued_at: Timestamp;
  fulfilled_at: Timestamp | null;
  fulfilled_by: number | null;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
}

/** 微心愿 (migration 0011-micros). */
export interface WishesTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  recipient_id: number | null;
  posted_by: number;
  category: string;
  title: string;
  description: string;
  value_fen: number;
  deadline: Timestamp;
  address_text: string | null;
  show_name: ColumnType<boolean, boolean | undefined, boolean>;
  show_address: ColumnType<boolean, boolean | undefined, boolean>;
  status: Generated<string>;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  claimer_id: number | null;
  claimer_kind: string | null;
  claimer_unit: string | null;
  claimed_at: Timestamp | null;
  claim_due_at: Timestamp | null;
  lapses: Generated<number>;
  fulfilled_at: Timestamp | null;
  fulfil_note: string | null;
  confirmed_at: Timestamp | null;
  confirmed_by: number | null;
  thanks_note: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WishPhotosTable {
  id: string;
  district_id: number;
  wish_id: number | null;
  purpose: string;
  uploaded_by: number;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  content: Uint8Array;
  created_at: Timestamp;
}

export interface WishEventsTable {
  id: Generated<number>;
  district_id: number;
  wish_id: number;
  at: Timestamp;
  actor_id: number | null;
  kind: string;
  note: string | null;
  data: ColumnType<unknown, string | null | undefined, string | null>;
}

/** Volunteering (志愿服务): migration 2026-11-23-0010. Hours only; points live in their own ledger. */
export interface VolunteersTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  sex: 'male' | 'female';
  birth_date: ColumnType<string, string, string>;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  home_place_id: number;
  home_place_path: string;
  skills: ColumnType<string[], string, string>;
  service_categories: ColumnType<string[], string, string>;
  recording_org: string;
  consent_at: Timestamp;
  registered_by: number;
  created_at: DefaultedTimestamp;
}

export interface VolunteerTeamsTable {
  id: Generated<number>;
  district_id: number;
  name: string;
  place_id: number;
  place_path: string;
  led_by_social_worker: ColumnType<boolean, boolean | undefined, boolean>;
  leader_id: number | null;
  organisation: string | null;
  created_at: DefaultedTimestamp;
}

export interface VolunteerTeamMembersTable {
  district_id: number;
  team_id: number;
  volunteer_id: number;
  joined_at: DefaultedTimestamp;
}

export interface VolunteerActivitiesTable {
  id: Generated<number>;
  district_id: number;
  kind: ColumnType<'regular' | 'emergency', 'regular' | 'emergency' | undefined, 'regular' | 'emergency'>;
  title: string;
  content: string;
  place_id: number;
  place_path: string;
  address: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  slots: number;
  skills_wanted: ColumnType<string[], string, string>;
  need: string | null;
  team_id: number | null;
  organiser_id: number;
  recording_org: string;
  status: ColumnType<'published' | 'cancelled', 'published' | 'cancelled' | undefined, 'published' | 'cancelled'>;
  created_at: DefaultedTimestamp;
}

export interface VolunteerSignupsTable {
  id: Generated<number>;
  district_id: number;
  activity_id: number;
  volunteer_id: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  signed_up_at: Timestamp;
  cancelled_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  checked_out_at: Timestamp | null;
  idempotency_key: string | null;
}

export interface VolunteerHoursTable {
  id: Generated<number>;
  district_id: number;
  signup_id: number;
  activity_id: number;
  volunteer_id: number;
  minutes: number;
  measured_minutes: number;
  kind: 'confirmed' | 'corrected';
  supersedes_id: number | null;
  reason: string | null;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface VolunteerDutiesTable {
  id: Generated<number>;
  district_id: number;
  activity_id: number;
  volunteer_id: number;
  post: string;
  shift_start: Timestamp;
  shift_end: Timestamp;
  assigned_by: number;
  created_at: DefaultedTimestamp;
}

export interface VolunteerCertificatesTable {
  id: Generated<number>;
  district_id: number;
  volunteer_id: number;
  code: string;
  total_minutes: number;
  activity_count: number;
  recording_org: string;
  content: string;
  issued_at: Timestamp;
}

export interface VolunteerQrKeysTable {
  district_id: number;
  secret: string;
  created_at: DefaultedTimestamp;
}

/** 需求清单 (migration 0011-micros). */
export interface DemandsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  source: string;
  source_key: string;
  title: string;
  description: string | null;
  occurrences: Generated<number>;
  last_seen_at: Timestamp;
  urgency: number | null;
  people_affected: number | null;
  assessment_note: string | null;
  status: Generated<string>;
  converted_kind: string | null;
  converted_ref: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 问卷 (migration 0011-micros). */
export interface SurveysTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  title: string;
  questions: ColumnType<unknown, string, string>;
  status: Generated<string>;
  created_by: number;
  created_at: Timestamp;
  closes_at: Timestamp;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  district_id: number;
  survey_id: number;
  person_id: number;
  answers: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface DeliberationTopicsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  title: string;
  body: string;
  raised_by: number | null;
  raised_as: 'resident' | 'party' | 'commissioner' | 'request';
  source_event_id: number | null;
  source_request_id: number | null;
  status: ColumnType<'open' | 'on_agenda' | 'deliberated' | 'closed', 'open' | 'on_agenda' | 'deliberated' | 'closed' | undefined>;
  seconds: Generated<number>;
  created_at: DefaultedTimestamp;
}

export interface TopicSecondsTable {
  district_id: number;
  topic_id: number;
  person_id: number;
  created_at: DefaultedTimestamp;
}

export interface DeliberationDaysTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  title: string;
  starts_at: Timestamp;
  location: string;
  facilitator_id: number | null;
  status: ColumnType<'scheduled' | 'held' | 'published', 'scheduled' | 'held' | 'published' | undefined>;
  minutes_published_at: Date | null;
  created_by: number;
  created_at: DefaultedTimestamp;
}

export interface DeliberationAgendaItemsTable {
  id: Generated<number>;
  district_id: number;
  day_id: number;
  topic_id: number;
  position: number;
  discussion: string | null;
  resolution: string | null;
}

export interface DeliberationParticipantsTable {
  id: Generated<number>;
  district_id: number;
  day_id: number;
  person_id: number | null;
  name: string;
  party: string;
  show_name: Generated<boolean>;
  signed_in_at: Date | null;
}

export interface DeliberationFollowupsTable {
  id: Generated<number>;
  district_id: number;
  day_id: number;
  agenda_item_id: number;
  task: string;
  owner_name: string;
  owner_person_id: number | null;
  due_on: ColumnType<string, string, string>;
  done_at: Date | null;
  done_note: string | null;
  created_at: DefaultedTimestamp;
}

export interface VoteSettingsTable {
  district_id: number;
  notice_days: Generated<number>;
  extraordinary_notice_days: Generated<number>;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface CompoundDevelopersTable {
  district_id: number;
  compound_id: number;
  person_id: number;
}

export type OwnerVoteStatus = 'draft' | 'announced' | 'open' | 'closed' | 'published';

export interface OwnerVotesTable {
  id: Generated<number>;
  district_id: number;
  scope_place_id: number;
  scope_path: string;
  compound_id: number;
  item: number;
  title: string;
  description: string;
  topic_id: number | null;
  extraordinary: boolean;
  secret: boolean;
  follow_majority: boolean;
  window_days: number;
  status: ColumnType<OwnerVoteStatus, OwnerVoteStatus | undefined>;
  ballot_key: Uint8Array | null;
  created_by: number;
  created_at: DefaultedTimestamp;
  announced_at: Date | null;
  notice_ends_at: Date | null;
  opened_at: Date | null;
  closes_at: Date | null;
  closed_at: Date | null;
  publish_due_at: Date | null;
  published_at: Date | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface OwnerVoteElectorateTable {
  district_id: number;
  vote_id: number;
  unit_id: number;
  owner_id: number;
  voter_key: string;
  area_centi: ColumnType<string, number, number>;
  developer_held: boolean;
}

export interface OwnerVoteParticipationTable {
  district_id: number;
  vote_id: number;
  voter_key: string;
  channel: 'online' | 'proxy' | 'paper';
  cast_by: number;
  paper_ref: string | null;
  first_cast_at: Timestamp;
  changed_at: Timestamp;
}

export interface OwnerVoteBallotsTable {
  district_id: number;
  vote_id: number;
  token: string;
  choice: 'for' | 'against' | 'abstain';
  area_centi: ColumnType<string, number, number>;
  cast_at: Date | null;
}

export interface OwnerVoteProxiesTable {
  district_id: number;
  vote_id: number;
  voter_key: string;
  agent_id: number;
  authorisation_ref: string;
  registered_by: number;
  registered_at: Timestamp;
}

export interface ResidentPollsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  question: string;
  options: ColumnType<string[], string, string>;
  per: 'resident' | 'household';
  topic_id: number | null;
  closes_at: Timestamp;
  created_by: number;
  created_at: DefaultedTimestamp;
}

export interface ResidentPollAnswersTable {
  district_id: number;
  poll_id: number;
  voter_key: string;
  option: number;
  person_id: number;
  created_at: Timestamp;
}

export interface Database {
  places: PlacesTable;
  compound_profiles: CompoundProfilesTable;
  community_profiles: CommunityProfilesTable;
  playbooks: PlaybooksTable;
  households: HouseholdsTable;
  grid_buildings: GridBuildingsTable;
  people: PeopleTable;
  role_assignments: RoleAssignmentsTable;
  consents: ConsentsTable;
  sessions: SessionsTable;
  totp_credentials: TotpCredentialsTable;
  totp_challenges: TotpChallengesTable;
  sms_codes: SmsCodesTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  import_error_files: ImportErrorFilesTable;
  request_categories: RequestCategoriesTable;
  holidays: HolidaysTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  request_photos: RequestPhotosTable;
  whistles: WhistlesTable;
  department_reports: DepartmentReportsTable;
  return_visits: ReturnVisitsTable;
  consultations: ConsultationsTable;
  errands: ErrandsTable;
  notifications: NotificationsTable;
  domain_events: DomainEventsTable;
  wishes: WishesTable;
  wish_photos: WishPhotosTable;
  wish_events: WishEventsTable;
  demands: DemandsTable;
  surveys: SurveysTable;
  survey_responses: SurveyResponsesTable;
  timers: TimersTable;
  measure_weights: MeasureWeightsTable;
  commissioner_calls: CommissionerCallsTable;
  open311_api_keys: Open311ApiKeysTable;
  open311_tokens: Open311TokensTable;
  points_accounts: PointsAccountsTable;
  points_entries: PointsEntriesTable;
  points_lots: PointsLotsTable;
  points_lot_draws: PointsLotDrawsTable;
  points_rules: PointsRulesTable;
  points_settings: PointsSettingsTable;
  points_idempotency: PointsIdempotencyTable;
  store_merchants: StoreMerchantsTable;
  store_listings: StoreListingsTable;
  store_vouchers: StoreVouchersTable;
  volunteers: VolunteersTable;
  volunteer_teams: VolunteerTeamsTable;
  volunteer_team_members: VolunteerTeamMembersTable;
  volunteer_activities: VolunteerActivitiesTable;
  volunteer_signups: VolunteerSignupsTable;
  volunteer_hours: VolunteerHoursTable;
  volunteer_duties: VolunteerDutiesTable;
  volunteer_certificates: VolunteerCertificatesTable;
  volunteer_qr_keys: VolunteerQrKeysTable;
  party_units: PartyUnitsTable;
  party_members: PartyMembersTable;
  party_tasks: PartyTasksTable;
  party_task_claims: PartyTaskClaimsTable;
  party_liaisons: PartyLiaisonsTable;
  charity_drives: CharityDrivesTable;
  charity_entries: CharityEntriesTable;
  deliberation_topics: DeliberationTopicsTable;
  topic_seconds: TopicSecondsTable;
  deliberation_days: DeliberationDaysTable;
  deliberation_agenda_items: DeliberationAgendaItemsTable;
  deliberation_participants: DeliberationParticipantsTable;
  deliberation_followups: DeliberationFollowupsTable;
  vote_settings: VoteSettingsTable;
  compound_developers: CompoundDevelopersTable;
  owner_votes: OwnerVotesTable;
  owner_vote_electorate: OwnerVoteElectorateTable;
  owner_vote_participation: OwnerVoteParticipationTable;
  owner_vote_ballots: OwnerVoteBallotsTable;
  owner_vote_proxies: OwnerVoteProxiesTable;
  resident_polls: ResidentPollsTable;
  resident_poll_answers: ResidentPollAnswersTable;
  cockpit_rollups: CockpitRollupsTable;
  cockpit_cursors: CockpitCursorsTable;
  cockpit_applied: CockpitAppliedTable;
  cockpit_alerts: CockpitAlertsTable;
  ledger_exports: LedgerExportsTable;
  organisations: OrganisationsTable;
  organisation_members: OrganisationMembersTable;
  organisation_incubations: OrganisationIncubationsTable;
  organisation_directory: OrganisationDirectoryTable;
  fund_accounts: FundAccountsTable;
  fund_entries: FundEntriesTable;
  projects: ProjectsTable;
  project_budget_lines: ProjectBudgetLinesTable;
  project_rounds: ProjectRoundsTable;
  round_applications: RoundApplicationsTable;
  round_scores: RoundScoresTable;
  project_contracts: ProjectContractsTable;
  project_tranches: ProjectTranchesTable;
  project_reports: ProjectReportsTable;
  project_evaluations: ProjectEvaluationsTable;
  project_ratings: ProjectRatingsTable;
  fund_matching_rules: FundMatchingRulesTable;
  project_allocations: ProjectAllocationsTable;
  organisation_annual_reports: OrganisationAnnualReportsTable;
  project_report_photos: ProjectReportPhotosTable;
  project_report_activities: ProjectReportActivitiesTable;
  project_objections: ProjectObjectionsTable;
  cockpit_gauges: CockpitGaugesTable;
}

/** 大党委 member units (migration 2026-11-24-0016-party-charity). */
export interface PartyUnitsTable {
  id: Generated<number>;
  district_id: number;
  community_id: number;
  community_path: string;
  name: string;
  kind: string;
  contact_name: string | null;
  note: string | null;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  created_by: number;
  created_at: Timestamp;
}

/** 双报到 registrations of in-service party members at their home community. */
export interface PartyMembersTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  community_id: number;
  community_path: string;
  unit_id: number | null;
  unit_name: string;
  branch: string | null;
  status: Generated<string>;
  consent_at: Timestamp;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  role_assignment_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartyTasksTable {
  id: Generated<number>;
  district_id: number;
  community_id: number;
  community_path: string;
  title: string;
  description: string | null;
  slots: number;
  starts_at: Timestamp;
  status: Generated<string>;
  created_by: number;
  created_at: Timestamp;
}

export interface PartyTaskClaimsTable {
  id: Generated<number>;
  district_id: number;
  task_id: number;
  member_id: number;
  person_id: number;
  status: Generated<string>;
  claimed_at: Timestamp;
  done_at: Timestamp | null;
  minutes: number | null;
  recorded_by: number | null;
  note: string | null;
}

/** 联点: a district leader linked to a demonstration community. */
export interface PartyLiaisonsTable {
  id: Generated<number>;
  district_id: number;
  person_id: number;
  community_id: number;
  community_path: string;
  post: string;
  since: Timestamp;
  ended_at: Timestamp | null;
  created_by: number;
  created_at: Timestamp;
}

/** 微公益 events and donation drives. */
export interface CharityDrivesTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  kind: string;
  title: string;
  description: string;
  goal_fen: number | null;
  goods_wanted: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<string>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The append-only charity ledger: pledges, receipts and disbursements of money (fen) or goods. */
export interface CharityEntriesTable {
  id: Generated<number>;
  district_id: number;
  drive_id: number;
  kind: string;
  form: string;
  amount_fen: number | null;
  item: string | null;
  quantity: number | null;
  donor_name: string | null;
  show_donor: ColumnType<boolean, boolean | undefined, boolean>;
  counterpart: string | null;
  pledge_id: number | null;
  note: string | null;
  occurred_at: Timestamp;
  recorded_by: number;
  recorded_at: Timestamp;
  idempotency_key: string | null;
}

/** 数字驾驶舱: one number per place, day (Beijing) and measure. */
export interface CockpitRollupsTable {
  district_id: number;
  place_id: number;
  day: string;
  measure: string;
  value: number;
}

export interface CockpitCursorsTable {
  district_id: number;
  source: string;
  low_water: Generated<number>;
  snapshot_day: string | null;
}

export interface CockpitAppliedTable {
  district_id: number;
  source: string;
  id: number;
  applied_at: Date;
}

/** 社区眼 alerts. */
export interface CockpitAlertsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  kind: string;
  day: string;
  value: number;
  baseline: string | null;
  detail: unknown;
  created_at: Date;
}

/** 台账 exports (background jobs). */
export interface LedgerExportsTable {
  id: string;
  district_id: number;
  person_id: number;
  ledger: string;
  format: 'xlsx' | 'pdf';
  place_id: number;
  day_from: string;
  day_to: string;
  reveal: Generated<boolean>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  rows_done: Generated<number>;
  rows_total: number | null;
  file_name: string | null;
  content: Buffer | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** Project-based governance: migration 2026-11-24-0014 (organisations, funds, projects). */
type Money = ColumnType<number, number | string, number | string>;
type Day = ColumnType<string, string, string>;
type JsonArray<T> = ColumnType<T[], string | undefined, string>;
export type OrganisationStatus = 'registered' | 'filed' | 'community_guided';
export type FundAccountKind = 'fund' | 'project' | 'source' | 'payee';
export type FundKind = 'district_pool' | 'street_match' | 'community' | 'crowdfunding' | 'donation' | 'appropriation' | 'donors';
export type FundEntryKind = 'appropriate' | 'donate' | 'allocate' | 'pay' | 'release';
export type ProjectStatus = 'proposed' | 'approved' | 'rejected' | 'procuring' | 'awarded' | 'contracted' | 'evaluated' | 'closed';

export interface OrganisationsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  name: string;
  status: OrganisationStatus;
  person_in_charge: string;
  charter: ColumnType<string, string | undefined, string>;
  categories: JsonArray<string>;
  places_served: JsonArray<number>;
  member_count: ColumnType<number, number | undefined, number>;
  is_hub: ColumnType<boolean, boolean | undefined, boolean>;
  hub_id: number | null;
  registered_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrganisationMembersTable {
  district_id: number;
  organisation_id: number;
  person_id: number;
}

export interface OrganisationIncubationsTable {
  id: Generated<number>;
  district_id: number;
  organisation_id: number;
  hub_id: number | null;
  mode: 'in_station' | 'off_station' | 'online';
  started_on: Day;
  mentor_note: ColumnType<string, string | undefined, string>;
  graduated_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface OrganisationDirectoryTable {
  district_id: number;
  organisation_id: number;
  category: string;
  listed_on: Day;
}

export interface FundAccountsTable {
  id: Generated<number>;
  district_id: number;
  kind: FundAccountKind;
  fund_kind: FundKind | null;
  place_id: number | null;
  place_path: string | null;
  owner_id: number | null;
  name: string;
  balance: Money | null;
  created_at: Timestamp;
}

export interface FundEntriesTable {
  id: Generated<number>;
  district_id: number;
  debit_account_id: number;
  credit_account_id: number;
  amount: Money;
  kind: FundEntryKind;
  source_type: string | null;
  source_id: string | null;
  idempotency_key: string | null;
  memo: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ProjectsTable {
  id: Generated<number>;
  district_id: number;
  place_id: number;
  place_path: string;
  demand_id: number | null;
  title: string;
  category: string;
  goals: string;
  beneficiaries: string;
  status: ProjectStatus;
  budget_total: Money;
  approval_level: 'community' | 'street' | 'district';
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  procurement: 'direct' | 'round' | null;
  organisation_id: number | null;
  brand: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface ProjectBudgetLinesTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  item: string;
  amount: Money;
}

export interface ProjectRoundsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  call_text: string;
  rubric: ColumnType<{ key: string; label: string; max: number }[], string, string>;
  status: 'open' | 'scoring' | 'notice' | 'awarded';
  notice_ends_at: Timestamp | null;
  leading_application_id: number | null;
  created_at: Timestamp;
}

export interface RoundApplicationsTable {
  id: Generated<number>;
  district_id: number;
  round_id: number;
  organisation_id: number;
  proposal: string;
  amount: Money;
  created_at: Timestamp;
}

export interface RoundScoresTable {
  district_id: number;
  application_id: number;
  expert_id: number;
  scores: ColumnType<Record<string, number>, string, string>;
  total: number;
  created_at: Timestamp;
}

export interface ProjectContractsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  organisation_id: number;
  starts_on: Day;
  ends_on: Day;
  term_reason: string | null;
  amount: Money;
  signed_by: number | null;
  signed_at: Timestamp;
}

export interface ProjectTranchesTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  seq: number;
  title: string;
  amount: Money;
  due_on: Day;
  after_evaluation: boolean;
  paid_at: Timestamp | null;
  paid_entry_id: number | null;
}

export interface ProjectReportsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  body: string;
  participants: number;
  activity_ref: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ProjectEvaluationsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  residents_score: number;
  community_score: number;
  expert_score: number;
  score: number;
  passed: boolean;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  /** Ratings the residents component was computed from; null when entered by hand (migration 0021). */
  residents_ratings: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ProjectRatingsTable {
  district_id: number;
  project_id: number;
  person_id: number;
  stars: number;
  comment: string | null;
  created_at: Timestamp;
}

/** 配套规则 (migration 2026-11-24-0021-projects-gaps): the newest row of a district is in force. */
export interface FundMatchingRulesTable {
  id: Generated<number>;
  district_id: number;
  street_per_mille: number;
  cap_per_project: Money | null;
  cap_per_street_year: Money | null;
  note: string | null;
  set_by: number | null;
  set_at: Timestamp;
}

export interface ProjectAllocationsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  mode: 'matched' | 'single';
  amount: Money;
  fund_id: number | null;
  pool_amount: Money;
  street_amount: Money;
  street_place_id: number | null;
  rule_id: number | null;
  street_per_mille: number | null;
  cap_per_project: Money | null;
  cap_per_street_year: Money | null;
  entry_ids: ColumnType<number[], string, string>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface OrganisationAnnualReportsTable {
  id: Generated<number>;
  district_id: number;
  organisation_id: number;
  deadline: Day;
  addressee: 'sponsor' | 'registrar';
  filed_on: ColumnType<string | null, string | null | undefined, string | null>;
  filed_by: number | null;
  reminded_before_at: Timestamp | null;
  reminded_overdue_at: Timestamp | null;
}

export interface ProjectReportPhotosTable {
  id: string;
  district_id: number;
  project_id: number;
  report_id: number | null;
  uploaded_by: number;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  content: Buffer;
  created_at: Timestamp;
}

export interface ProjectReportActivitiesTable {
  district_id: number;
  report_id: number;
  activity_id: number;
}

export interface ProjectObjectionsTable {
  id: Generated<number>;
  district_id: number;
  project_id: number;
  round_id: number;
  raised_by: number;
  reason: string;
  raised_at: Timestamp;
  answer: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
}

/** 驾驶舱 running gauges: the value at the end of `day`, stored on the days it changed (migration 2026-11-24-0019). */
export interface CockpitGaugesTable {
  district_id: number;
  place_id: number;
  measure: string;
  day: string;
  value: number;
}

/** 小区公约 and committees (migration 2026-11-24-0020-conventions-committees). */
export interface Database {
  conventions: ConventionsTable;
  convention_versions: ConventionVersionsTable;
  convention_acknowledgements: ConventionAcknowledgementsTable;
  convention_filings: ConventionFilingsTable;
  committee_elections: CommitteeElectionsTable;
  committee_nominations: CommitteeNominationsTable;
  committee_election_picks: CommitteeElectionPicksTable;
  committee_members: CommitteeMembersTable;
}

export interface ConventionsTable {
  id: Generated<number>;
  district_id: number;
  compound_id: number;
  compound_path: string;
  title: string;
  created_by: number;
  created_at: Timestamp;
}

export type ConventionVersionStatus = 'draft' | 'voting' | 'in_force' | 'superseded' | 'rejected';

export interface ConventionVersionsTable {
  id: Generated<number>;
  district_id: number;
  convention_id: number;
  version_no: number;
  body: string;
  change_note: string;
  status: ColumnType<ConventionVersionStatus, ConventionVersionStatus | undefined>;
  owner_vote_id: number | null;
  created_by: number;
  created_at: Timestamp;
  in_force_at: Date | null;
  superseded_at: Date | null;
}

export interface ConventionAcknowledgementsTable {
  district_id: number;
  version_id: number;
  person_id: number;
  created_at: Date;
}

export interface ConventionFilingsTable {
  id: Generated<number>;
  district_id: number;
  version_id: number;
  submitted_by: number;
  submitted_at: Date;
  status: ColumnType<'submitted' | 'accepted' | 'returned', 'submitted' | 'accepted' | 'returned' | undefined>;
  decided_by: number | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: Timestamp;
}

export type CommitteeKind = 'owners_committee' | 'self_management_committee';

export interface CommitteeElectionsTable {
  id: Generated<number>;
  district_id: number;
  compound_id: number;
  compound_path: string;
  kind: CommitteeKind;
  seats: number;
  term_years: ColumnType<number, number | undefined>;
  status: ColumnType<'nominating' | 'voting' | 'formed' | 'failed', 'nominating' | 'voting' | 'formed' | 'failed' | undefined>;
  owner_vote_id: number | null;
  created_by: number;
  created_at: Timestamp;
  decided_at: Date | null;
  outcome: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface CommitteeNominationsTable {
  id: Generated<number>;
  district_id: number;
  election_id: number;
  person_id: number;
  nominated_by: number;
  statement: string;
  is_owner: boolean;
  status: ColumnType<'pending' | 'approved' | 'rejected', 'pending' | 'approved' | 'rejected' | undefined>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  review_note: string | null;
  created_at: Timestamp;
}

export interface CommitteeElectionPicksTable {
  district_id: number;
  election_id: number;
  voter_key: string;
  nomination_id: number;
  created_at: Date;
}

export interface CommitteeMembersTable {
  id: Generated<number>;
  district_id: number;
  election_id: number;
  compound_id: number;
  person_id: number;
  role: ColumnType<'chair' | 'vice_chair' | 'member', 'chair' | 'vice_chair' | 'member' | undefined>;
  term_start: Day;
  term_end: Day;
  created_at: Timestamp;
}
