import { sql } from 'kysely';
import type { Executor } from './audit.repository.ts';

/**
 * The double-entry mechanism shared by the points ledger (积分, modules/points) and the fund ledger (资金, in fen,
 * modules/funds). Each book is a pair of tables of the same shape:
 *
 *   <accounts>(id, balance bigint null check (balance >= 0), …)
 *   <entries>(id, district_id, debit_account_id, credit_account_id, amount > 0, kind, source_type, source_id,
 *             idempotency_key unique per district, memo, created_by, created_at, …) — append-only by trigger
 *
 * A movement appends one entry and moves the stored balances in the caller's transaction. Accounts with a null
 * balance (sources and sinks) are shown as the sum of their entries and take no lock, so they never serialise
 * the district. Stored-balance accounts are updated in ascending id order, the same everywhere, so concurrent
 * movements never deadlock; a debit is a guarded `balance >= amount` update, so no balance goes below zero
 * whatever runs at the same time.
 *
 * The two books stay separate tables on purpose: points are never cash (DESIGN.md "Points"), and a fund
 * auditor should not have to read past store vouchers.
 */
export type LedgerBook = { accounts: 'points_accounts' | 'fund_accounts'; entries: 'points_entries' | 'fund_entries' };

export type LedgerAccount = { id: number; balance: number | null };

export type LedgerMovement = {
  districtId: number;
  debit: LedgerAccount;
  credit: LedgerAccount;
  amount: number;
  kind: string;
  at: Date;
  sourceType?: string | null;
  sourceId?: string | null;
  idempotencyKey?: string | null;
  memo?: string | null;
  createdBy?: number | null;
  /** Further columns of this book's entries table (the points ledger's `rule`). */
  extra?: Record<string, string | number | null>;
};

export type LedgerMoved = { entryId: number; debitBalance: number | null; creditBalance: number | null };

/**
 * Appends one entry and moves the stored balances. With an idempotency key already used in the district, moves
 * nothing and answers undefined. A debit beyond a stored balance calls `insufficient` (which throws the book's
 * own error), after which the caller's transaction must roll back.
 */
export async function moveInBook(
  db: Executor,
  book: LedgerBook,
  m: LedgerMovement,
  insufficient: (needed: number, balance: number, account: LedgerAccount) => never,
): Promise<LedgerMoved | undefined> {
  if (!Number.isSafeInteger(m.amount) || m.amount <= 0) throw new Error(`${book.entries}: amount must be a positive integer, got ${m.amount}`);
  const values: Record<string, unknown> = {
    district_id: m.districtId, debit_account_id: m.debit.id, credit_account_id: m.credit.id, amount: m.amount, kind: m.kind,
    source_type: m.sourceType ?? null, source_id: m.sourceId ?? null, idempotency_key: m.idempotencyKey ?? null,
    memo: m.memo ?? null, created_by: m.createdBy ?? null, created_at: m.at, ...m.extra,
  };
  const cols = Object.keys(values);
  // The entry first: its unique key makes a concurrent duplicate wait here and then do nothing.
  const { rows } = await sql<{ id: number }>`
    insert into ${sql.table(book.entries)} (${sql.join(cols.map((c) => sql.ref(c)))})
    values (${sql.join(cols.map((c) => values[c]))})
    on conflict (district_id, idempotency_key) where idempotency_key is not null do nothing
    returning id`.execute(db);
  const entryId = rows[0]?.id;
  if (entryId === undefined) return undefined;
  let debitBalance: number | null = null;
  let creditBalance: number | null = null;
  const sides = [
    { account: m.debit, debit: true },
    { account: m.credit, debit: false },
  ].sort((a, b) => a.account.id - b.account.id);
  for (const side of sides) {
    if (side.account.balance === null) continue;
    if (side.debit) {
      const after = await sql<{ balance: number }>`
        update ${sql.table(book.accounts)} set balance = balance - ${m.amount}
        where id = ${side.account.id} and balance >= ${m.amount} returning balance`.execute(db);
      if (after.rows.length === 0) {
        const now = await sql<{ balance: number }>`select balance from ${sql.table(book.accounts)} where id = ${side.account.id}`.execute(db);
        insufficient(m.amount, Number(now.rows[0]?.balance ?? 0), side.account);
      }
      debitBalance = Number(after.rows[0]!.balance);
    } else {
      const after = await sql<{ balance: number }>`
        update ${sql.table(book.accounts)} set balance = balance + ${m.amount} where id = ${side.account.id} returning balance`.execute(db);
      creditBalance = Number(after.rows[0]!.balance);
    }
  }
  return { entryId: Number(entryId), debitBalance, creditBalance };
}

/** Each account's sum of entries (credits minus debits) beside its stored balance: the book's own check. */
export async function reconcileBook(db: Executor, book: LedgerBook, districtId: number) {
  const { rows } = await sql<{ id: number; balance: number | null; entry_sum: number }>`
    select a.id, a.balance,
      coalesce((select sum(amount) from ${sql.table(book.entries)} where credit_account_id = a.id), 0)
        - coalesce((select sum(amount) from ${sql.table(book.entries)} where debit_account_id = a.id), 0) as entry_sum
    from ${sql.table(book.accounts)} a where a.district_id = ${districtId} order by a.id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), balance: r.balance === null ? null : Number(r.balance), entrySum: Number(r.entry_sum) }));
}
