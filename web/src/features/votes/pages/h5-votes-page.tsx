import { Button, Card } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useCastBallot, useMyVotes, useUndoBallot, type Choice, type Tally, type Vote } from '../api/votes-api';
import { formatArea } from '../format-area';
import { H5Polls } from '../components/h5-polls';
import '../votes.css';

/** 业主表决 (H5): the votes over where I live; vote with a confirmation step, change until the close, undo within 10 minutes. */
export function H5VotesPage() {
  const { t } = useI18n();
  const mine = useMyVotes();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.data.items.length === 0) body = <MobileEmpty text={t('vote.h5.none')} />;
  else body = mine.data.items.map((v) => <VoteCard key={v.id} vote={v} />);
  return (
    <section className="gz-h5-page" aria-labelledby="votes-title">
      <h2 id="votes-title" className="gz-h5-h2">{t('vote.h5.title')}</h2>
      {body}
      <H5Polls />
    </section>
  );
}

const CHOICES: Choice[] = ['for', 'against', 'abstain'];

function VoteCard({ vote: v }: { vote: Vote }) {
  const { t } = useI18n();
  const cast = useCastBallot();
  const undo = useUndoBallot();
  const [picked, setPicked] = useState<Choice | null>(null);
  const [changing, setChanging] = useState(false);
  const m = v.mine;
  const error = cast.error ?? undo.error;
  const submit = () => cast.mutate({ id: v.id, choice: picked!, change: !!m?.voted }, { onSuccess: () => { setPicked(null); setChanging(false); } });
  let action;
  if (v.status === 'announced') action = <p className="gz-vote-meta">{t('vote.h5.waitNotice', { date: formatDateTime(v.noticeEndsAt) })}</p>;
  else if (v.status === 'closed') action = <p className="gz-vote-meta">{t('vote.h5.waitResult', { date: formatDateTime(v.publishDueAt) })}</p>;
  else if (v.status === 'open' && !m?.canVote) action = <p className="gz-vote-meta">{t('vote.h5.notOwner')}</p>;
  else if (v.status === 'open' && picked) {
    action = (
      <div className="gz-vote-confirm" role="group" aria-label={t('vote.h5.confirmTitle')}>
        <p>{t('vote.h5.confirm', { choice: t(`vote.${picked}`) })}</p>
        <Button block color="primary" size="large" loading={cast.isPending} onClick={submit}>{t('vote.h5.submit')}</Button>
        <Button block size="large" style={{ marginTop: 8 }} onClick={() => setPicked(null)}>{t('vote.h5.back')}</Button>
      </div>
    );
  } else if (v.status === 'open' && (!m?.voted || changing)) {
    action = (
      <div className="gz-vote-choices" role="group" aria-label={t('vote.h5.cast')}>
        {CHOICES.map((c) => <Button key={c} size="large" color={c === 'for' ? 'primary' : 'default'} fill={c === 'for' ? 'solid' : 'outline'} onClick={() => setPicked(c)}>{t(`vote.${c}`)}</Button>)}
      </div>
    );
  } else if (v.status === 'open' && m?.voted) {
    action = (
      <>
        <p className="gz-h5-ok" role="status">{m.choice ? t('vote.h5.yourChoice', { choice: t(`vote.${m.choice}`) }) : t('vote.voted')}</p>
        <Button block size="large" onClick={() => setChanging(true)}>{t('vote.h5.change')}</Button>
        {m.undoUntil && (
          <Button block size="large" fill="outline" style={{ marginTop: 8 }} loading={undo.isPending} onClick={() => undo.mutate(v.id)}>
            {t('vote.h5.undo', { time: formatDateTime(m.undoUntil) })}
          </Button>
        )}
      </>
    );
  }
  return (
    <Card title={v.title} style={{ margin: 12 }} data-testid={`vote-${v.id}`}>
      <p className="gz-vote-meta">{v.scope.name} · {t('vote.itemNo', { n: v.item })} {t(`vote.item.${v.item}` as 'vote.item.1')}</p>
      <p>{v.description}</p>
      <p className="gz-vote-meta">{v.secret ? t('vote.h5.secretNote') : t('vote.h5.openNote')}</p>
      {v.status === 'open' && v.closesAt && <p className="gz-vote-meta">{t('vote.closesAt', { date: formatDateTime(v.closesAt) })}</p>}
      {action}
      {undo.isSuccess && !m?.voted && <p role="status" className="gz-h5-ok">{t('vote.h5.undone')}</p>}
      {error && <div role="alert" className="gz-h5-error">{errorText(error, t)}</div>}
      {v.status === 'published' && v.result && <H5Result tally={v.result} />}
    </Card>
  );
}

function H5Result({ tally }: { tally: Tally }) {
  const { t } = useI18n();
  const rows: [string, { areaCenti: number; heads: number }][] = [
    [t('vote.electorate'), tally.electorate], [t('vote.participating'), tally.participating], [t('vote.for'), tally.for], [t('vote.against'), tally.against], [t('vote.abstain'), tally.abstain],
  ];
  return (
    <>
      <p className={`gz-vote-outcome ${tally.passed ? 'passed' : 'failed'}`}>{t('vote.result')}：{tally.passed ? t('vote.passed') : t('vote.failed')}</p>
      <table className="gz-vote-tally">
        <thead><tr><th scope="col">{t('vote.measure')}</th><th scope="col">{t('vote.area')}</th><th scope="col">{t('vote.heads')}</th></tr></thead>
        <tbody>{rows.map(([label, m]) => <tr key={label}><td>{label}</td><td>{formatArea(m.areaCenti)}</td><td>{m.heads}</td></tr>)}</tbody>
      </table>
      {tally.followMajority && <p className="gz-vote-meta">{tally.followMajority.side ? t('vote.followMajority', { result: tally.followMajority.passed ? t('vote.passed') : t('vote.failed') }) : t('vote.followMajorityNone')}</p>}
    </>
  );
}
