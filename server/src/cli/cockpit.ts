import type { Db } from '../db/create-db.ts';
import { systemClock } from '../platform/context.ts';
import { rebuildRollups, runRollups } from '../modules/cockpit/index.ts';

/**
 * `gongzhi cockpit rebuild|rollup`: rebuild recomputes every district's rollups from the source tables (one
 * transaction per district); rollup applies what arrived since the last run, as the server does every 10 s.
 */
export async function cockpitCommand(db: Db, sub: string | undefined, districtCode?: string): Promise<{ human: string; data: unknown }> {
  if (sub === 'rollup') {
    const run = await runRollups(db, systemClock);
    return { human: `rollups up to date: ${run.applied} source rows applied, ${run.snapshots} coverage snapshot(s)`, data: run };
  }
  if (sub !== 'rebuild') throw new Error('usage: gongzhi cockpit rebuild|rollup [--district-code CODE] [--json]');
  let q = db.selectFrom('places').select(['district_id', 'code', 'name']).where('kind', '=', 'district').where('parent_id', 'is', null);
  if (districtCode) q = q.where('code', '=', districtCode);
  const districts = await q.orderBy('district_id').execute();
  if (districts.length === 0) throw new Error(districtCode ? `no district with code ${districtCode}` : 'no district yet');
  const results = [];
  for (const d of districts) {
    const started = Date.now();
    const run = await rebuildRollups(db, systemClock, d.district_id, (source, applied) => process.stderr.write(`  … ${d.code}: ${applied.toLocaleString('en-US')} source rows (${source})\n`));
    results.push({ districtId: d.district_id, code: d.code, ...run, ms: Date.now() - started });
  }
  const human = results.map((r) => `  ${r.code}: ${r.applied} source rows, ${r.snapshots} coverage day(s), ${(r.ms / 1000).toFixed(1)} s`).join('\n');
  return { human: `rollups rebuilt from the source tables:\n${human}`, data: results };
}
