import type { Totals } from './charity.schemas.ts';

/**
 * The ledger's arithmetic, pure: totals of money (fen) and goods (per item) from the entries, and what each pledge
 * still has outstanding. The rule the service enforces with these: nothing goes out that did not come in.
 */
export type LedgerLine = { id: number; kind: string; form: string; amount_fen: number | null; item: string | null; quantity: number | null; pledge_id: number | null };

const size = (e: LedgerLine) => (e.form === 'money' ? e.amount_fen ?? 0 : e.quantity ?? 0);

export function totalsOf(entries: readonly LedgerLine[]): Totals {
  const money = { pledgedFen: 0, receivedFen: 0, disbursedFen: 0, balanceFen: 0, outstandingPledgesFen: 0 };
  const goods = new Map<string, { item: string; pledged: number; received: number; disbursed: number; balance: number }>();
  for (const e of entries) {
    if (e.form === 'money') {
      if (e.kind === 'pledge') money.pledgedFen += size(e);
      if (e.kind === 'receipt') money.receivedFen += size(e);
      if (e.kind === 'disbursement') money.disbursedFen += size(e);
    } else {
      const g = goods.get(e.item!) ?? { item: e.item!, pledged: 0, received: 0, disbursed: 0, balance: 0 };
      if (e.kind === 'pledge') g.pledged += size(e);
      if (e.kind === 'receipt') g.received += size(e);
      if (e.kind === 'disbursement') g.disbursed += size(e);
      g.balance = g.received - g.disbursed;
      goods.set(e.item!, g);
    }
  }
  money.balanceFen = money.receivedFen - money.disbursedFen;
  const outstanding = outstandingByPledge(entries);
  money.outstandingPledgesFen = entries.filter((e) => e.kind === 'pledge' && e.form === 'money').reduce((n, e) => n + (outstanding.get(e.id) ?? 0), 0);
  return { money, goods: [...goods.values()] };
}

/** Per pledge: its size less the receipts that honour it (never below zero). */
export function outstandingByPledge(entries: readonly LedgerLine[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of entries) if (e.kind === 'pledge') out.set(e.id, size(e));
  for (const e of entries) if (e.kind === 'receipt' && e.pledge_id !== null && out.has(e.pledge_id)) out.set(e.pledge_id, Math.max(0, out.get(e.pledge_id)! - size(e)));
  return out;
}

/** What is available to go out in this form (and item, for goods). */
export function available(entries: readonly LedgerLine[], form: string, item: string | null): number {
  const t = totalsOf(entries);
  if (form === 'money') return t.money.balanceFen;
  return t.goods.find((g) => g.item === item)?.balance ?? 0;
}
