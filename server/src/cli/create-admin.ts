import { insertAudit } from '../platform/audit.repository.ts';
import type { Db } from '../db/create-db.ts';
import { isMainlandMobile, isStrongPassword } from '../platform/identity.ts';
import { hashPassword } from '../platform/password.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { insertPerson, insertRoleAssignment } from '../modules/people/people.repository.ts';

const ADMIN_ROLES = ['system_admin', 'district_admin', 'security_admin', 'audit_admin'];

/** An operator creates an administrator from the shell (the first account of a fresh deployment). */
export async function createAdmin(
  deps: { db: Db; cipher: PersonalDataCipher },
  input: { phone: string; name: string; password: string; role: string; districtCode?: string },
): Promise<number> {
  if (!isMainlandMobile(input.phone)) throw new Error('--phone must be an 11-digit mainland mobile number');
  if (!input.name.trim()) throw new Error('--name is required');
  if (!isStrongPassword(input.password)) throw new Error('--password needs ≥ 8 characters from 3 of: upper, lower, digit, symbol');
  if (!ADMIN_ROLES.includes(input.role)) throw new Error(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
  let q = deps.db.selectFrom('places').select(['id', 'path']).where('kind', '=', 'district');
  if (input.districtCode) q = q.where('code', '=', input.districtCode);
  const district = await q.orderBy('id').executeTakeFirst();
  if (!district) throw new Error('no district found: import or seed one first');
  const phoneHash = deps.cipher.lookupHash('phone', input.phone);
  const hash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('people').select('id').where('phone_hash', '=', phoneHash).executeTakeFirst()) throw new Error('that phone number already has an account');
    const personId = await insertPerson(trx, { districtId: district.id, name: input.name.trim(), phoneCipher: deps.cipher.encrypt(input.phone), phoneHash, idNumberCipher: null, idNumberHash: null, flagsCipher: null, passwordHash: hash });
    await insertRoleAssignment(trx, { districtId: district.id, personId, role: input.role, placeId: district.id, placePath: district.path, local: false, validFrom: new Date(), validTo: null });
    await insertAudit(trx, { districtId: district.id, actorId: null, action: 'cli.create_admin', targetType: 'person', targetId: personId, result: 'ok', detail: { role: input.role } });
    return personId;
  });
}
