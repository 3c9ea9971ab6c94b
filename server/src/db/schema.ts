import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as the migrations create them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type PlaceKind = 'district' | 'street' | 'community' | 'compound' | 'building' | 'unit' | 'household' | 'grid';

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
}

export interface ImportErrorFilesTable {
  id: string;
  district_id: number;
  person_id: number;
  file_name: string;
  content: Uint8Array;
  created_at: DefaultedTimestamp;
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
  sms_codes: SmsCodesTable;
  audit_log: AuditLogTable;
  import_error_files: ImportErrorFilesTable;
}
