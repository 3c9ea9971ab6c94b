import type { Db } from '../db/create-db.ts';
import { AppError } from '../platform/errors.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { createKeyFromCli, listKeysForCli } from '../modules/open311/index.ts';
import { open311Face } from '../modules/requests/index.ts';

export const OPEN311_USAGE = 'usage: gongzhi open311 key create --name NAME [--district-code CODE] [--json] | gongzhi open311 key list [--district-code CODE] [--json]';

/** `gongzhi open311 key create|list`: what to print for people and for scripts (--json). */
export async function open311KeysCommand(
  deps: { db: Db; cipher: PersonalDataCipher },
  args: string[],
  options: { name?: string; districtCode?: string },
): Promise<{ human: string; data: unknown }> {
  const [noun, verb] = args;
  if (noun !== 'key' || (verb !== 'create' && verb !== 'list')) throw new Error(OPEN311_USAGE);
  let district;
  try {
    district = await open311Face.open311District(deps, options.districtCode);
  } catch (err) {
    if (err instanceof AppError) throw new Error(options.districtCode ? `no district with code ${options.districtCode}` : 'several districts (or none): pass --district-code', { cause: err });
    throw err;
  }
  if (verb === 'create') {
    if (!options.name?.trim()) throw new Error('--name is required (1–40 characters)');
    if (options.name.trim().length > 40) throw new Error('--name must be at most 40 characters');
    const created = await createKeyFromCli(deps, { districtId: district.id, name: options.name });
    return {
      human: `Open311 API key ${created.id} "${created.name}" for ${district.name} (${district.code ?? district.id}):\n\n  ${created.key}\n\nThis is the only time the key is shown; only its hash is stored. Clients send it as api_key when posting to /open311/v2/requests.json.`,
      data: created,
    };
  }
  const keys = await listKeysForCli(deps.db, district.id);
  const line = (k: (typeof keys)[number]) => `  ${String(k.id).padStart(4)}  ${k.keyPrefix}…  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  last used ${k.lastUsedAt ?? 'never'}  ${k.name}`;
  return { human: keys.length ? `Open311 API keys of ${district.name}:\n${keys.map(line).join('\n')}` : `no Open311 API keys in ${district.name}`, data: keys };
}
