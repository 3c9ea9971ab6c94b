import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertInScope, pathInScope, scopeFor } from '../../platform/scope.ts';
import { LEDGERS, type LedgerDefinition, type LedgerQuery } from './ledger-definitions.ts';
import { PDF_MAX_ROWS, writePdf, writeXlsx } from './ledger-writers.ts';
import * as repo from './ledgers.repository.ts';
import type { CreateExportInput, exportSchema } from './ledgers.schemas.ts';

const DAY_MS = 24 * 3600 * 1000;
const OFFSET_MS = 8 * 3600 * 1000;
const MAX_DAYS = 3 * 366;
const PLACE_KINDS = ['district', 'street', 'community', 'compound'];

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', {}, { issues: [{ path: [field], message }] });
/** Beijing day → the instant it starts. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);

export function ledgerQuery(place: { district_id: number; path: string }, from: string, to: string): LedgerQuery {
  return { districtId: place.district_id, path: place.path, from: dayStart(from), to: new Date(dayStart(to).getTime() + DAY_MS) };
}

export function fileNameOf(def: LedgerDefinition, place: string, from: string, to: string, format: 'xlsx' | 'pdf'): string {
  return `${place}-${def.title}-${from}至${to}.${format}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

function exportDto(r: repo.ExportRow): z.infer<typeof exportSchema> {
  return {
    id: r.id, ledger: r.ledger, title: LEDGERS[r.ledger]?.title ?? r.ledger, format: r.format, placeId: r.place_id, from: r.day_from, to: r.day_to,
    reveal: r.reveal, status: r.status, rowsDone: r.rows_done, rowsTotal: r.rows_total, fileName: r.file_name,
    downloadUrl: r.status === 'done' ? `/api/ledgers/exports/${r.id}/file` : null,
    createdAt: new Date(r.created_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}

/**
 * Asks for a ledger of a place and period. It is written in the background (progress on the export), and only
 * the person who asked can download it, signed in. Names and phones are masked unless asked otherwise by a role
 * that may see them; either way the export is audited.
 */
export async function createExport(deps: Deps, runner: LedgerExportRunner, caller: Caller, input: CreateExportInput) {
  const place = await repo.findPlace(deps.db, input.placeId);
  assertInScope(scopeFor(caller.roles, 'ledgers.export'), place?.path);
  if (!PLACE_KINDS.includes(place!.kind)) throw new AppError('NOT_FOUND');
  if (input.reveal && !pathInScope(scopeFor(caller.roles, 'people.reveal'), place!.path)) throw new AppError('FORBIDDEN');
  if (input.from > input.to) throw invalid('from', 'from must not be after to');
  if ((Date.parse(input.to) - Date.parse(input.from)) / DAY_MS >= MAX_DAYS) throw invalid('from', `at most ${MAX_DAYS} days`);
  const def = LEDGERS[input.ledger]!;
  if (input.format === 'pdf') {
    const rows = await def.count(deps.db, ledgerQuery(place!, input.from, input.to));
    if (rows > PDF_MAX_ROWS) throw new AppError('LEDGER_TOO_LARGE_FOR_PDF', { rows, max: PDF_MAX_ROWS });
  }
  const id = crypto.randomBytes(18).toString('base64url');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertExport(trx, {
      id, district_id: place!.district_id, person_id: caller.personId, ledger: def.name, format: input.format, place_id: place!.id,
      day_from: input.from, day_to: input.to, reveal: input.reveal, rows_total: null, file_name: null, content: null, error: null, created_at: now, finished_at: null,
    });
    await auditAction(trx, caller, 'ledger.export', { type: 'ledger_export', id }, { ledger: def.name, placeId: place!.id, from: input.from, to: input.to, format: input.format, reveal: input.reveal });
  });
  runner.kick();
  return exportDto((await repo.findExport(deps.db, id))!);
}

export async function getExport(deps: Deps, caller: Caller, id: string) {
  const r = await repo.findExport(deps.db, id);
  if (!r || r.person_id !== caller.personId) throw new AppError('NOT_FOUND');
  return exportDto(r);
}

export async function listExports(deps: Deps, caller: Caller) {
  return { items: (await repo.listForPerson(deps.db, caller.personId, 20)).map(exportDto) };
}

export async function download(deps: Deps, caller: Caller, id: string) {
  const r = await repo.findExport(deps.db, id);
  if (!r || r.person_id !== caller.personId) throw new AppError('NOT_FOUND');
  if (r.status !== 'done') throw new AppError('LEDGER_NOT_READY');
  const file = (await repo.findContent(deps.db, id))!;
  await auditAction(deps.db, caller, 'ledger.download', { type: 'ledger_export', id }, { ledger: r.ledger, reveal: r.reveal });
  return { content: file.content!, fileName: file.file_name!, mime: file.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/**
 * Writes one ledger to `out` (a file or a response): the CLI and the background job share it. Returns the row count.
 */
export async function writeLedger(deps: Pick<Deps, 'db' | 'cipher' | 'clock'>, job: { ledger: string; format: 'xlsx' | 'pdf'; place: { name: string; district_id: number; path: string }; from: string; to: string; reveal: boolean }, out: NodeJS.WritableStream, progress?: (n: number) => Promise<void> | void): Promise<number> {
  const def = LEDGERS[job.ledger]!;
  const heading = { place: job.place.name, from: job.from, to: job.to, generatedAt: deps.clock.now().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) };
  const write = job.format === 'pdf' ? writePdf : writeXlsx;
  return write(deps.db, def, ledgerQuery(job.place, job.from, job.to), { reveal: job.reveal, cipher: deps.cipher }, heading, out as never, progress);
}

/** Runs queued exports one at a time on this instance; several instances share the queue (SKIP LOCKED). */
export class LedgerExportRunner {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: Deps) {}

  /** Something was queued: work through the queue (now, or after the current pass). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.deps.log.error({ err }, 'ledger export runner failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** On start: exports another instance left running for over an hour are queued again, then the queue is worked. */
  async start(): Promise<void> {
    await repo.requeueStale(this.deps.db, new Date(this.deps.clock.now().getTime() - 3600_000));
    this.kick();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const job = await repo.claimQueued(this.deps.db);
      if (!job) return;
      await this.run(job);
    }
  }

  private async run(job: repo.ExportRow): Promise<void> {
    const tmp = path.join(os.tmpdir(), `gongzhi-ledger-${job.id}.${job.format}`);
    try {
      const place = (await repo.findPlace(this.deps.db, job.place_id))!;
      const def = LEDGERS[job.ledger]!;
      const total = await def.count(this.deps.db, ledgerQuery(place, job.day_from, job.day_to));
      await repo.setProgress(this.deps.db, job.id, 0, total);
      const out = fs.createWriteStream(tmp);
      const closed = new Promise<void>((resolve, reject) => {
        out.on('close', resolve);
        out.on('error', reject);
      });
      const rows = await writeLedger(this.deps, { ledger: job.ledger, format: job.format, place, from: job.day_from, to: job.day_to, reveal: job.reveal }, out, (n) => repo.setProgress(this.deps.db, job.id, n));
      if (!out.writableEnded) out.end();
      await closed;
      const content = await fs.promises.readFile(tmp);
      await repo.finish(this.deps.db, job.id, { status: 'done', content, file_name: fileNameOf(def, place.name, job.day_from, job.day_to, job.format), rows_done: rows, finished_at: this.deps.clock.now() });
    } catch (err) {
      this.deps.log.error({ err, exportId: job.id }, 'ledger export failed');
      await repo.finish(this.deps.db, job.id, { status: 'failed', error: err instanceof Error ? err.message.slice(0, 500) : 'failed', finished_at: this.deps.clock.now() });
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }
}
