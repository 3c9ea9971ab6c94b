import fs from 'node:fs';
import type { Db } from '../db/create-db.ts';
import { systemClock } from '../platform/context.ts';
import type { PersonalDataCipher } from '../platform/personal-data.ts';
import { LEDGER_NAMES, writeLedger } from '../modules/ledgers/index.ts';

export type LedgerExportArgs = { ledger?: string; placeCode?: string; placeId?: string; from?: string; to?: string; format?: string; out?: string };

/**
 * `gongzhi ledger export`: one ledger of a place and period straight to a file, streamed (the same writer as the
 * workbench's background job). Personal data is always masked here: revealing it is a signed-in, audited act.
 */
export async function ledgerExportCommand(db: Db, cipher: PersonalDataCipher, a: LedgerExportArgs): Promise<{ human: string; data: unknown }> {
  const usage = `usage: gongzhi ledger export --ledger ${LEDGER_NAMES.join('|')} (--place-code C | --place-id N) --from YYYY-MM-DD --to YYYY-MM-DD [--format xlsx|pdf] --out FILE`;
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!a.ledger || !LEDGER_NAMES.includes(a.ledger) || !a.out || !a.from || !a.to || !day.test(a.from) || !day.test(a.to) || (!a.placeCode && !a.placeId)) throw new Error(usage);
  const format = (a.format ?? (a.out.endsWith('.pdf') ? 'pdf' : 'xlsx')) as 'xlsx' | 'pdf';
  if (format !== 'xlsx' && format !== 'pdf') throw new Error(usage);
  let q = db.selectFrom('places').select(['id', 'name', 'path', 'district_id', 'kind']);
  q = a.placeId ? q.where('id', '=', Number(a.placeId)) : q.where('code', '=', a.placeCode!);
  const place = await q.executeTakeFirst();
  if (!place) throw new Error(`no such place: ${a.placeId ?? a.placeCode}`);
  const started = Date.now();
  // The JS heap is sampled apart from RSS: on PGlite the embedded database's memory (WebAssembly) is in RSS too.
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  const out = fs.createWriteStream(a.out);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  const rows = await writeLedger({ db, cipher, clock: systemClock }, { ledger: a.ledger, format, place, from: a.from, to: a.to, reveal: false }, out);
  if (!out.writableEnded) out.end();
  await closed;
  clearInterval(sampler);
  const data = { ledger: a.ledger, place: place.name, rows, file: a.out, bytes: fs.statSync(a.out).size, seconds: (Date.now() - started) / 1000, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 1048576) };
  return { human: `${data.rows} rows → ${data.file} (${(data.bytes / 1e6).toFixed(1)} MB) in ${data.seconds.toFixed(1)} s; peak RSS ${data.peakRssMb} MB, peak JS heap ${data.peakHeapMb} MB`, data };
}
