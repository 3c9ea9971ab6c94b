/**
 * The fund ledger's public face. Projects allocate and pay inside their own transaction:
 *   const account = await projectAccount(trx, districtId, project.id, project.title, now);
 *   await allocate(trx, { districtId, at: now, createdBy }, fund, account, 500_000, '拨付');
 */
export { fundsRoutes } from './funds.routes.ts';
export { allocate, pay, projectAccount, releaseLeftover } from './fund-ledger.ts';
export { findAccount as findFundAccount, findFund, findOwned as findOwnedAccount, type FundAccountRow } from './funds.repository.ts';
export { reconcileFunds } from './funds.service.ts';
export { ruleInForce } from './matching.service.ts';
export { splitMatched, type MatchingRule } from './matching.ts';
export { allocationsOf, insertAllocation, lockFundRow, poolUsed } from './matching.repository.ts';
export { ratioLabel } from './matching.ts';
