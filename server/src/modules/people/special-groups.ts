import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import * as repo from './people.repository.ts';
import type { SpecialFlags } from './people.schemas.ts';

/** The special groups other modules serve (代办, 微心愿 for a resident in need …). */
export type SpecialGroup = keyof SpecialFlags;

/**
 * Does a person belong to one of the given special groups? The encrypted flags are decrypted here and never leave
 * this function; every use is written to the audit log with its purpose, whatever the answer (PIPL art. 28–29).
 */
export async function isInSpecialGroup(
  deps: Deps,
  caller: Caller,
  personId: number,
  groups: readonly SpecialGroup[],
  purpose: string,
): Promise<boolean> {
  const cipher = await repo.findFlagsCipher(deps.db, personId);
  let member = false;
  if (cipher) {
    const flags = JSON.parse(deps.cipher.decrypt(cipher)) as Partial<SpecialFlags>;
    member = groups.some((g) => flags[g] === true);
  }
  await auditAction(deps.db, caller, 'personal_data.use', { type: 'person', id: personId }, { fields: ['flags'], purpose, eligible: member });
  return member;
}
