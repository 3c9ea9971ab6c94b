import type { Db } from '../db/create-db.ts';
import { verifyAuditChain, type ChainReport } from '../platform/audit-chain.ts';

/** `gongzhi audit verify`: what to print and the exit code (0 intact, 3 broken). */
export async function auditVerifyCommand(db: Db): Promise<{ human: string; data: ChainReport; exitCode: number }> {
  const report = await verifyAuditChain(db);
  const lines = report.districts.map((d) => `  district ${d.districtId}: ${d.rows} rows, head seq ${d.headSeq} hash ${d.headHash}`);
  if (report.ok) {
    return { human: [`audit chain intact (${report.districts.length} district chain(s)):`, ...lines].join('\n'), data: report, exitCode: 0 };
  }
  const b = report.broken!;
  const where = b.id === null ? `at seq ${b.seq}` : `at row id ${b.id} (seq ${b.seq})`;
  return { human: [...lines, `audit chain BROKEN in district ${b.districtId} ${where}: ${b.reason}`].join('\n'), data: report, exitCode: 3 };
}
