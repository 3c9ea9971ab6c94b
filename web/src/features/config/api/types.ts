// Shapes of the configuration API (server/src/modules/requests/requests.schemas.ts, open311/open311.schemas.ts).
export const CATEGORY_PARTIES = ['property', 'owners_committee', 'residents_committee', 'department'] as const;
export type CategoryParty = (typeof CATEGORY_PARTIES)[number];

/** Limits the server accepts (categoryPatchSchema): 30 days to respond, 90 days to resolve, in minutes. */
export const MAX_RESPONSE_MINUTES = 60 * 24 * 30;
export const MAX_RESOLUTION_MINUTES = 60 * 24 * 90;
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export interface ConfigCategory {
  id: number;
  code: string;
  name: string;
  nameZh: string;
  nameEn: string;
  defaultParty: CategoryParty;
  responseMinutes: number;
  resolutionMinutes: number;
  workingTime: boolean;
  active: boolean;
}

export type CategoryFields = Omit<ConfigCategory, 'id' | 'name'>;

export type HolidayKind = 'holiday' | 'workday';
export interface Holiday {
  day: string;
  kind: HolidayKind;
  name: string;
}

export interface Open311Key {
  id: number;
  name: string;
  keyPrefix: string;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
export type IssuedKey = Open311Key & { key: string };

export const configKeys = {
  categories: ['config', 'categories'] as const,
  holidays: (year: number) => ['config', 'holidays', year] as const,
  open311Keys: ['config', 'open311-keys'] as const,
};
