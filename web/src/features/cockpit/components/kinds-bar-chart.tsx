import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { COMPOUND_KINDS } from '../../../lib/api/types';
import { useI18n } from '../../../lib/i18n';
import type { CompoundKinds } from '../api/get-compound-kinds';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// Six hues readable on the dark stage, in the order of COMPOUND_KINDS.
export const KIND_COLORS = ['#4e9bff', '#ffb347', '#5ad8a6', '#ff7b7b', '#b68cff', '#7fd3f7'];

/** Stacked bars: one bar per place below, one segment per compound kind. Drawn only from the API's rows. */
export function KindsBarChart({ data, onPick }: { data: CompoundKinds; onPick: (placeId: number) => void }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const c = echarts.init(el.current!, null, { renderer: 'canvas' });
    chart.current = c;
    return () => c.dispose();
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.off('click');
    c.on('click', (p) => {
      const row = data.rows[p.dataIndex];
      if (row) pick.current(row.placeId);
    });
    c.setOption(
      {
        color: KIND_COLORS,
        textStyle: { color: '#dfe8ff', fontSize: 18 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize: 18 } },
        legend: { top: 0, textStyle: { color: '#dfe8ff', fontSize: 18 }, itemWidth: 24, itemHeight: 14 },
        grid: { left: 24, right: 24, top: 56, bottom: 16, containLabel: true },
        xAxis: {
          type: 'category',
          data: data.rows.map((r) => r.name),
          axisLabel: { color: '#dfe8ff', fontSize: 16, interval: 0, rotate: data.rows.length > 8 ? 30 : 0 },
          axisLine: { lineStyle: { color: '#5a6a8a' } },
        },
        yAxis: {
          type: 'value',
          minInterval: 1,
          axisLabel: { color: '#dfe8ff', fontSize: 16 },
          splitLine: { lineStyle: { color: '#24324f' } },
        },
        series: COMPOUND_KINDS.map((k) => ({
          name: t(`compoundKind.${k}`),
          type: 'bar',
          stack: 'kinds',
          barMaxWidth: 64,
          emphasis: { focus: 'series' },
          data: data.rows.map((r) => r.counts[k]),
        })),
      },
      { notMerge: true },
    );
  }, [data, t]);

  return <div ref={el} style={{ width: '100%', height: '100%' }} />;
}
