import { Button, Card } from 'antd-mobile';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useAcknowledge, useCastPicks, useMyConventions, useMyElections, useNominate, type Convention, type Election } from '../api/conventions-api';
import { DiffView } from '../components/diff-view';
import '../conventions.css';
import '../../votes/votes.css';

/** 小区公约与委员会 (H5): read and acknowledge the convention in force; stand for or elect the committee. */
export function H5ConventionsPage() {
  const { t } = useI18n();
  const conventions = useMyConventions();
  const elections = useMyElections();
  let body;
  if (conventions.isPending) body = <MobileLoading />;
  else if (conventions.isError) body = <MobileError error={conventions.error} onRetry={() => void conventions.refetch()} />;
  else if (conventions.data.items.length === 0) body = <MobileEmpty text={t('convention.h5.none')} />;
  else body = conventions.data.items.map((c) => <ConventionCard key={c.id} convention={c} />);
  return (
    <section className="gz-h5-page" aria-labelledby="conventions-title">
      <h2 id="conventions-title" className="gz-h5-h2">{t('convention.h5.title')}</h2>
      {body}
      {elections.data && elections.data.items.length > 0 && (
        <>
          <h2 className="gz-h5-h2">{t('committee.h5.title')}</h2>
          {elections.data.items.map((e) => <ElectionCard key={e.id} election={e} />)}
        </>
      )}
    </section>
  );
}

function ConventionCard({ convention: c }: { convention: Convention }) {
  const { t } = useI18n();
  const ack = useAcknowledge();
  const [confirming, setConfirming] = useState(false);
  const inForce = c.versions.find((v) => v.status === 'in_force');
  const voting = c.versions.find((v) => v.status === 'voting');
  return (
    <Card title={c.title} style={{ margin: 12 }} data-testid={`convention-${c.id}`}>
      <p className="gz-vote-meta">{c.compound.name}</p>
      {inForce ? (
        <>
          <p className="gz-vote-meta">{t('convention.h5.inForce', { n: inForce.versionNo, date: formatDate(inForce.inForceAt) })}</p>
          <div className="gz-convention-body">{inForce.body}</div>
          {inForce.acknowledgedByMe ? (
            <p className="gz-h5-ok" role="status">{t('convention.h5.acknowledged')}</p>
          ) : confirming ? (
            <div className="gz-vote-confirm" role="group" aria-label={t('convention.h5.acknowledge')}>
              <p>{t('convention.h5.confirm')}</p>
              <Button block color="primary" size="large" loading={ack.isPending} onClick={() => ack.mutate(inForce.id, { onSuccess: () => setConfirming(false) })}>{t('convention.h5.acknowledge')}</Button>
              <Button block size="large" style={{ marginTop: 8 }} onClick={() => setConfirming(false)}>{t('vote.h5.back')}</Button>
            </div>
          ) : (
            <Button block color="primary" size="large" onClick={() => setConfirming(true)}>{t('convention.h5.acknowledge')}</Button>
          )}
          {ack.isError && <div role="alert" className="gz-h5-error">{errorText(ack.error, t)}</div>}
        </>
      ) : <p>{t('convention.noneInForce')}</p>}
      {voting && (
        <div style={{ marginTop: 16 }}>
          <p><strong>{t('convention.h5.voting', { n: voting.versionNo })}</strong> {voting.changeNote}</p>
          {voting.diff && <DiffView diff={voting.diff} />}
          {voting.vote && <p><Link to="/votes">{t('convention.h5.goVote')}</Link></p>}
        </div>
      )}
    </Card>
  );
}

function ElectionCard({ election: e }: { election: Election }) {
  const { t } = useI18n();
  const nominate = useNominate();
  const cast = useCastPicks();
  const approved = e.candidates.filter((c) => c.status === 'approved');
  const [picks, setPicks] = useState<number[] | null>(null);
  const chosen = picks ?? e.myPicks ?? [];
  const mine = e.candidates.find((c) => c.selfNominated && c.status !== 'approved');
  const toggle = (id: number) => setPicks(chosen.includes(id) ? chosen.filter((x) => x !== id) : chosen.length < e.seats ? [...chosen, id] : chosen);
  const error = nominate.error ?? cast.error;
  return (
    <Card title={`${e.compound.name} · ${t(`committee.kind.${e.kind}`)}`} style={{ margin: 12 }} data-testid={`election-${e.id}`}>
      <p className="gz-vote-meta">{t('committee.h5.seats', { seats: e.seats, years: e.termYears })}</p>
      {e.status === 'nominating' && (
        <>
          <p>{t('committee.h5.nominating')}</p>
          {mine ? <p className="gz-h5-ok" role="status">{t('committee.h5.myNomination', { status: t(`committee.nomination.${mine.status}`) })}</p> : (
            <Button block size="large" color="primary" loading={nominate.isPending} onClick={() => nominate.mutate({ id: e.id, statement: '' })}>{t('committee.h5.selfNominate')}</Button>
          )}
        </>
      )}
      {e.status === 'voting' && (
        <>
          <p>{t('committee.h5.pick', { seats: e.seats })}</p>
          {approved.map((c) => (
            <label key={c.nominationId} className="gz-pick">
              <input type="checkbox" checked={chosen.includes(c.nominationId)} disabled={e.vote?.status !== 'open' || (!chosen.includes(c.nominationId) && chosen.length >= e.seats)} onChange={() => toggle(c.nominationId)} />
              <span>{c.name}{c.statement ? ` — ${c.statement}` : ''}</span>
            </label>
          ))}
          {e.vote?.status === 'open' && e.myPicks !== null ? (
            <Button block size="large" color="primary" style={{ marginTop: 12 }} disabled={chosen.length === 0} loading={cast.isPending}
              onClick={() => cast.mutate({ id: e.id, nominationIds: chosen }, { onSuccess: () => setPicks(null) })}>
              {e.myPicks.length > 0 ? t('committee.h5.change', { n: chosen.length }) : t('committee.h5.submit', { n: chosen.length })}
            </Button>
          ) : <p className="gz-vote-meta">{e.vote?.status === 'open' ? t('vote.h5.notOwner') : t('committee.h5.notOpen')}</p>}
          {cast.isSuccess && <p className="gz-h5-ok" role="status">{t('committee.h5.saved')}</p>}
        </>
      )}
      {(e.status === 'formed' || e.status === 'failed') && (
        e.status === 'formed'
          ? (
            <>
              <p>{t('committee.h5.formed')}：{e.members.map((m) => `${m.name}（${t(`committee.role.${m.role}`)}）`).join('、')}</p>
              {e.members[0] && <p className="gz-vote-meta">{t('committee.term')}：{e.members[0].termStart} — {e.members[0].termEnd}</p>}
            </>
          )
          : <p>{t(`committee.failure.${e.failure ?? 'quorum'}`)}</p>
      )}
      {error && <div role="alert" className="gz-h5-error">{errorText(error, t)}</div>}
    </Card>
  );
}
