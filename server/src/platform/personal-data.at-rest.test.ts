import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/create-db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { idNumberCheckChar } from './identity.ts';
import { createPersonalDataCipher } from './personal-data.ts';
import type { Deps } from './context.ts';
import { createPerson, createTree } from '../../test/factories.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-at-rest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function* files(root: string): Generator<string> {
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

describe('sensitive data at rest', () => {
  it('leaves no ID number or phone in plain text anywhere in the embedded data directory', async () => {
    const h = await createDb({ dataDir: path.join(dir, 'pgdata') });
    await migrateToLatest(h.db);
    const cipher = createPersonalDataCipher(crypto.randomBytes(32));
    const deps = { db: h.db, cipher } as unknown as Deps;
    const tree = await createTree(deps);
    const idNumber = '33010519800101123' + idNumberCheckChar('33010519800101123');
    const phone = '13912345678';
    await createPerson(deps, tree.districtId, '独居老人甲', [{ role: 'resident', place: tree.places['A-h1']! }], {
      idNumber,
      phone,
      flags: { elderlyAlone: true, disability: false, lowIncome: false },
    });
    await h.pglite!.query('checkpoint');
    await h.db.destroy();

    let scanned = 0;
    let nameFound = false;
    for (const file of files(dir)) {
      const bytes = fs.readFileSync(file);
      scanned += bytes.length;
      nameFound ||= bytes.includes(Buffer.from('独居老人甲'));
      for (const secret of [idNumber, phone, 'elderlyAlone']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} found in ${file}`).toBe(false);
      }
    }
    // The scan really read the rows: the (unencrypted) name is on disk, the sensitive fields are not.
    expect(nameFound).toBe(true);
    expect(scanned).toBeGreaterThan(1_000_000);
  });
});
