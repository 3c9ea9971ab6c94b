import { Button, Card, Form, Input, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate, formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import '../deliberation.css';
import { useDays, useMyHomeCompounds, useRaiseTopic, useSecondTopic, useTopics, type Day, type Topic } from '../api/deliberation-api';

/** 议事协商 (H5): topics where I live (raise, second), and the deliberation days with their published minutes. */
export function H5DeliberationPage() {
  const { t } = useI18n();
  const topics = useTopics();
  const days = useDays();
  const [raising, setRaising] = useState(false);
  let topicList;
  if (topics.isPending) topicList = <MobileLoading />;
  else if (topics.isError) topicList = <MobileError error={topics.error} onRetry={() => void topics.refetch()} />;
  else if (topics.data.items.length === 0) topicList = <MobileEmpty text={t('topic.none')} />;
  else topicList = topics.data.items.map((x) => <TopicCard key={x.id} topic={x} />);
  return (
    <section className="gz-h5-page" aria-labelledby="topics-title">
      <h2 id="topics-title" className="gz-h5-h2">{t('topic.title')}</h2>
      <div style={{ margin: '0 12px' }}>
        {raising ? <RaiseForm onDone={() => setRaising(false)} /> : <Button block color="primary" size="large" onClick={() => setRaising(true)}>{t('topic.raise')}</Button>}
      </div>
      {topicList}
      <h2 className="gz-h5-h2">{t('day.title')}</h2>
      {days.isPending ? <MobileLoading /> : days.isError ? <MobileError error={days.error} onRetry={() => void days.refetch()} /> : days.data.items.length === 0 ? <MobileEmpty text={t('day.none')} /> : days.data.items.map((d) => <DayCard key={d.id} day={d} />)}
    </section>
  );
}

function TopicCard({ topic: x }: { topic: Topic }) {
  const { t } = useI18n();
  const second = useSecondTopic();
  return (
    <Card title={x.title} style={{ margin: 12 }} data-testid={`topic-${x.id}`}>
      <p>{x.body}</p>
      <p className="gz-h5-muted">{x.place.name} · {t(`topic.raisedAs.${x.raisedAs}`)} · {t(`topic.status.${x.status}`)} · {formatDate(x.createdAt)}</p>
      <p>{t('topic.seconds', { n: x.seconds })}</p>
      {x.secondedByMe ? <p className="gz-h5-ok" role="status">{t('topic.seconded')}</p> : !x.mine && (x.status === 'open' || x.status === 'on_agenda') && (
        <Button block size="large" loading={second.isPending} onClick={() => second.mutate(x.id)}>{t('topic.second')}</Button>
      )}
      {second.isError && <div role="alert" className="gz-h5-error">{errorText(second.error, t)}</div>}
    </Card>
  );
}

function RaiseForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const raise = useRaiseTopic();
  // A resident raises a topic for the compound of their home (the API checks that they live there).
  const myHome = useMyHomeCompounds();
  const homes = myHome.data?.homes[0]?.compound.id;
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tried, setTried] = useState(false);
  const submit = () => {
    setTried(true);
    if (title.trim().length < 2 || !body.trim() || homes === undefined) return;
    raise.mutate({ placeId: homes, title: title.trim(), body: body.trim() }, { onSuccess: onDone });
  };
  return (
    <Form layout="vertical" footer={<Button block color="primary" size="large" loading={raise.isPending || myHome.isPending} disabled={!myHome.isPending && homes === undefined} onClick={submit}>{t('topic.submit')}</Button>}>
      <Form.Item label={t('topic.name')}><Input value={title} onChange={setTitle} maxLength={100} aria-label={t('topic.name')} /></Form.Item>
      {tried && title.trim().length < 2 && <p role="alert" className="gz-h5-field-error">{t('topic.name')}：{t('topic.required')}</p>}
      <Form.Item label={t('topic.body')}><TextArea value={body} onChange={setBody} rows={3} maxLength={4000} aria-label={t('topic.body')} /></Form.Item>
      {tried && !body.trim() && <p role="alert" className="gz-h5-field-error">{t('topic.body')}：{t('topic.required')}</p>}
      {raise.isError && <div role="alert" className="gz-h5-error">{errorText(raise.error, t)}</div>}
      {myHome.isError && <div role="alert" className="gz-h5-error">{errorText(myHome.error, t)}</div>}
    </Form>
  );
}

function DayCard({ day: d }: { day: Day }) {
  const { t } = useI18n();
  return (
    <Card title={d.title} style={{ margin: 12 }} data-testid={`day-${d.id}`}>
      <p className="gz-h5-muted">{formatDateTime(d.startsAt)} · {d.location}{d.facilitator ? ` · ${t('day.facilitator')}：${d.facilitator}` : ''} · {t(`day.status.${d.status}`)}</p>
      {d.agenda.map((a, i) => (
        <div key={a.id} style={{ margin: '8px 0' }}>
          <p style={{ fontWeight: 600 }}>{i + 1}. {a.title}</p>
          {a.resolution && <p>{t('day.resolution')}：{a.resolution}</p>}
          {a.followups.map((f) => <p key={f.id} className="gz-h5-muted">· {f.task}（{f.ownerName}，{f.dueOn}{f.doneAt ? `，${t('day.done')}` : ''}）</p>)}
        </div>
      ))}
    </Card>
  );
}
