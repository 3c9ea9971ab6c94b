import { useEffect } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { CockpitSummary } from '../api/get-summary';
import { useChart } from './use-chart';

/** Requests raised, resolved and gone overdue per day over the period (dark stage colours). */
export function TrendChart({ series }: { series: CockpitSummary['series'] }) {
  const { t } = useI18n();
  const { el, chart } = useChart();
  useEffect(() => {
    chart.current?.setOption(
      {
        aria: { enabled: true },
        animation: false,
        color: ['#4e9bff', '#5ad8a6', '#ff7b7b'],
        textStyle: { color: '#dfe8ff', fontSize: 16 },
        tooltip: { trigger: 'axis', textStyle: { fontSize: 16 } },
        legend: { top: 0, textStyle: { color: '#dfe8ff', fontSize: 16 } },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: series.map((d) => d.day.slice(5)), axisLabel: { color: '#c8d6f2', fontSize: 14 }, axisLine: { lineStyle: { color: '#5a6a8a' } } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#c8d6f2', fontSize: 14 }, splitLine: { lineStyle: { color: '#24324f' } } },
        series: [
          { name: t('cockpit.trend.raised'), type: 'line', smooth: true, showSymbol: false, areaStyle: { opacity: 0.15 }, data: series.map((d) => d.raised) },
          { name: t('cockpit.trend.resolved'), type: 'line', smooth: true, showSymbol: false, data: series.map((d) => d.resolved) },
          { name: t('cockpit.trend.overdue'), type: 'bar', barMaxWidth: 10, data: series.map((d) => d.overdue) },
        ],
      },
      { notMerge: true },
    );
  }, [series, t, chart]);
  return <div ref={el} className="gz-chart-box" role="img" aria-label={t('cockpit.trend')} />;
}
