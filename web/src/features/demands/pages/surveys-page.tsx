import { App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { errorText } from '../../../lib/api/error-text';
import { useOptionToDemand, useSurveyResults, useSurveys, type SurveyResult } from '../api/surveys-api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** One bar chart per choice or rating question, drawn only from the aggregate the API returns. */
function ResultChart({ result }: { result: SurveyResult }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, null, { renderer: 'canvas' });
    c.setOption({
      color: ['#0958d9'],
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: result.options.map((o) => o.label), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 48, data: result.options.map((o) => o.count), label: { show: true, position: 'top' } }],
    });
    return () => c.dispose();
  }, [result]);
  return <div ref={el} role="img" aria-label={`${result.question}: ${result.options.map((o) => `${o.label} ${o.count}`).join(', ')}`} style={{ height: 220 }} />;
}

/** 问卷结果: the surveys of my places and, for the one chosen, its charted results. */
export function SurveysPage() {
  const { t } = useI18n();
  const list = useSurveys();
  const [params] = useSearchParams();
  const [chosen, setChosen] = useState<number | undefined>(params.get('id') ? Number(params.get('id')) : undefined);
  const id = chosen ?? list.data?.items[0]?.id;
  const results = useSurveyResults(id);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('survey.results')}</Typography.Title>
      <Select aria-label={t('survey.title')} style={{ width: 360 }} loading={list.isPending} value={id} onChange={setChosen}
        options={(list.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.title}（${s.place.name}，${t('survey.responses', { n: s.responses })}）` }))} />
      {results.isError && <ErrorState error={results.error} onRetry={() => void results.refetch()} />}
      {results.data && (
        <>
          <Typography.Text>{t('survey.responses', { n: results.data.survey.responses })} · {t('survey.closes', { date: formatDate(results.data.survey.closesAt) })}</Typography.Text>
          {results.data.results.map((r, i) => (
            <Card key={i} size="small" title={`${i + 1}. ${r.question}${r.average !== null ? ` · ${t('survey.average', { n: r.average })}` : ''}`}>
              {r.kind === 'text' ? (
                <Table size="small" rowKey={(x) => x} pagination={{ pageSize: 5 }} dataSource={r.texts} columns={[{ title: t('survey.textAnswers'), render: (_, x: string) => x }]} />
              ) : (
                <>
                  <ResultChart result={r} />
                  {(r.kind === 'single' || r.kind === 'multiple') && <ToDemand surveyId={results.data.survey.id} question={i} result={r} />}
                </>
              )}
            </Card>
          ))}
        </>
      )}
    </Space>
  );
}

/** 转为需求: each chosen option can go onto the demand list, with the number who chose it and a link back here. */
function ToDemand({ surveyId, question, result }: { surveyId: number; question: number; result: SurveyResult }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const convert = useOptionToDemand();
  const [done, setDone] = useState<{ title: string; n: number } | null>(null);
  return (
    <Space direction="vertical" style={{ marginTop: 8 }}>
      <Space wrap>
        <Typography.Text type="secondary">{t('survey.toDemandHint')}</Typography.Text>
        {result.options.map((o, k) => (
          <Button key={o.label} size="small" disabled={o.count === 0} loading={convert.isPending && convert.variables?.option === k && convert.variables.question === question}
            onClick={() => convert.mutate({ id: surveyId, question, option: k }, {
              onSuccess: (d) => setDone({ title: d.title, n: d.occurrences }),
              onError: (e) => void message.error(errorText(e, t)),
            })}>
            {t('survey.toDemand', { label: o.label, n: o.count })}
          </Button>
        ))}
      </Space>
      {done && <Typography.Text role="status">{t('survey.toDemandDone', { title: done.title, n: done.n })} <Link to="/demands">{t('survey.toDemandOpen')}</Link></Typography.Text>}
    </Space>
  );
}
