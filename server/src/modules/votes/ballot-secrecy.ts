import crypto from 'node:crypto';

/**
 * How a ballot is filed (docs/votes.md). An open ballot is filed under the voter's key ('p:42', 'developer'): who
 * chose what is on the record, as an open vote means. A secret ballot is filed under
 * HMAC-SHA256(the vote's ballot key, vote id + voter key): while the vote is open the server can find the voter's
 * own ballot again (to show it to them, let them change it or undo it), but the token says nothing about the voter
 * without the key, and the key is destroyed when the vote closes — from then on nobody, the operator included, can
 * link a ballot to a voter.
 */
export function newBallotKey(): Buffer {
  return crypto.randomBytes(32);
}

export function ballotToken(vote: { id: number; secret: boolean; ballot_key: Uint8Array | null }, voterKey: string): string {
  if (!vote.secret) return voterKey;
  if (!vote.ballot_key) throw new Error(`vote ${vote.id}: the ballot key is gone (the vote is closed)`);
  return crypto.createHmac('sha256', Buffer.from(vote.ballot_key)).update(`${vote.id}:${voterKey}`).digest('hex');
}
