import { Button, Card, Rate, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useAnswerSurvey, useMySurveys, type Answer, type Survey } from '../api/surveys-api';

/** 问卷: the open surveys of my compound and community; each answered once. */
export function H5SurveysPage() {
  const { t } = useI18n();
  const mine = useMySurveys();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (mine.data.items.length === 0) body = <MobileEmpty text={t('survey.none')} />;
  else body = mine.data.items.map((s) => <SurveyCard key={s.id} survey={s} />);
  return (
    <section className="gz-h5-page" aria-labelledby="surveys-title">
      <h2 id="surveys-title" className="gz-h5-h2">{t('survey.title')}</h2>
      {body}
    </section>
  );
}

function SurveyCard({ survey: s }: { survey: Survey }) {
  const { t } = useI18n();
  const answer = useAnswerSurvey();
  const [answers, setAnswers] = useState<(Answer | undefined)[]>(() => s.questions.map(() => undefined));
  const [missing, setMissing] = useState(false);
  const set = (i: number, a: Answer | undefined) => { setAnswers((xs) => xs.map((x, k) => (k === i ? a : x))); setMissing(false); };
  if (s.answeredByMe) return <Card title={s.title} style={{ margin: 12 }}><p className="gz-h5-ok" role="status">{t('survey.answered')}</p></Card>;
  return (
    <Card title={s.title} style={{ margin: 12 }} data-testid={`survey-${s.id}`}>
      <p style={{ color: '#595959' }}>{s.place.name} · {t('survey.closes', { date: formatDate(s.closesAt) })}</p>
      {s.questions.map((q, i) => (
        <div key={i} role="group" aria-label={q.text} style={{ margin: '12px 0' }}>
          <p style={{ fontWeight: 600, margin: '4px 0' }}>{i + 1}. {q.text}{q.kind === 'multiple' ? t('survey.multiple') : ''}</p>
          {(q.kind === 'single' || q.kind === 'multiple') && (
            <Selector multiple={q.kind === 'multiple'} columns={2} options={q.options.map((o, k) => ({ value: k, label: o }))}
              value={(() => { const a = answers[i]; return a && 'choice' in a ? [a.choice] : a && 'choices' in a ? a.choices : []; })()}
              onChange={(v) => set(i, v.length === 0 ? undefined : q.kind === 'single' ? { choice: v[0]! } : { choices: v })} />
          )}
          {q.kind === 'rating' && <Rate aria-label={q.text} value={(() => { const a = answers[i]; return a && 'rating' in a ? a.rating : 0; })()} onChange={(v) => set(i, v > 0 ? { rating: v } : undefined)} />}
          {q.kind === 'text' && <TextArea placeholder={t('survey.textPlaceholder')} rows={2} maxLength={500} onChange={(v) => set(i, v.trim() ? { text: v.trim() } : undefined)} />}
        </div>
      ))}
      {missing && <p role="alert" className="gz-h5-field-error">{t('survey.answerAll')}</p>}
      {answer.isError && <div role="alert" className="gz-h5-error">{errorText(answer.error, t)}</div>}
      <Button block color="primary" loading={answer.isPending}
        onClick={() => (answers.some((a) => a === undefined) ? setMissing(true) : answer.mutate({ id: s.id, answers: answers as Answer[] }))}>
        {t('survey.submit')}
      </Button>
    </Card>
  );
}
