import { Button, Card } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { useAnswerPoll, useMyPolls, type Poll } from '../api/votes-api';

/** 居民投票 in the H5: choose, confirm, done; the outcome once the poll has closed. */
export function H5Polls() {
  const { t } = useI18n();
  const polls = useMyPolls();
  if (!polls.data || polls.data.items.length === 0) return null;
  return (
    <>
      <h2 className="gz-h5-h2">{t('poll.title')}</h2>
      {polls.data.items.map((p) => <PollCard key={p.id} poll={p} />)}
    </>
  );
}

function PollCard({ poll: p }: { poll: Poll }) {
  const { t } = useI18n();
  const answer = useAnswerPoll();
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <Card title={p.question} style={{ margin: 12 }} data-testid={`poll-${p.id}`}>
      <p className="gz-vote-meta">{p.place.name} · {t(p.per === 'household' ? 'poll.perHousehold' : 'poll.perResident')} · {t('vote.closesAt', { date: formatDateTime(p.closesAt) })}</p>
      {p.answeredByMe && <p className="gz-h5-ok" role="status">{t('poll.answered')}</p>}
      {p.open && !p.answeredByMe && picked === null && (
        <div className="gz-vote-choices" role="group" aria-label={p.question}>
          {p.options.map((o, i) => <Button key={i} size="large" fill="outline" onClick={() => setPicked(i)}>{o}</Button>)}
        </div>
      )}
      {p.open && !p.answeredByMe && picked !== null && (
        <div className="gz-vote-confirm" role="group" aria-label={t('vote.h5.confirmTitle')}>
          <p>{t('vote.h5.confirm', { choice: p.options[picked]! })}</p>
          <Button block color="primary" size="large" loading={answer.isPending} onClick={() => answer.mutate({ id: p.id, option: picked }, { onSuccess: () => setPicked(null) })}>{t('vote.h5.submit')}</Button>
          <Button block size="large" style={{ marginTop: 8 }} onClick={() => setPicked(null)}>{t('vote.h5.back')}</Button>
        </div>
      )}
      {answer.isError && <div role="alert" className="gz-h5-error">{errorText(answer.error, t)}</div>}
      {p.outcome && (
        <>
          {p.options.map((o, i) => <p key={i}>{o}：{p.outcome!.counts[i]}</p>)}
          <p className="gz-vote-meta">{t('poll.outcome', { answered: p.outcome.answered, electorate: p.outcome.electorate })}</p>
          <p className="gz-vote-outcome">{p.outcome.chosen !== null ? t('poll.chosen', { option: p.options[p.outcome.chosen]! }) : p.outcome.quorumMet ? t('poll.noMajority') : t('poll.noQuorum')}</p>
        </>
      )}
    </Card>
  );
}
