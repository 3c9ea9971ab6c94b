import { useEffect } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { AreaMap } from '../api/get-map';
import type { CockpitSummary } from '../api/get-summary';
import { echarts, useChart } from './use-chart';

/**
 * 诉求密度: the children of a place on the synthetic local map (registerMap, no online tiles), shaded by the
 * requests raised in the period; a click drills down to that place.
 */
export function DensityMap({ placeId, map, items, onPick }: { placeId: number; map: AreaMap; items: CockpitSummary['children']; onPick: (id: number) => void }) {
  const { t } = useI18n();
  const { el, chart } = useChart();
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const name = `place-${placeId}`;
    echarts.registerMap(name, map as never);
    const max = Math.max(1, ...items.map((i) => i.headline.requests));
    c.off('click');
    c.on('click', (p) => {
      const id = (p.data as { placeId?: number } | undefined)?.placeId;
      if (id) onPick(id);
    });
    c.setOption(
      {
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: 'item', textStyle: { fontSize: 18 }, formatter: (p: { name: string; value: number }) => `${p.name}<br/>${t('cockpit.mapLegend')}：${Number.isFinite(p.value) ? p.value : 0}` },
        visualMap: {
          min: 0, max, left: 8, bottom: 8, calculable: false, text: [String(max), '0'],
          textStyle: { color: '#dfe8ff', fontSize: 16 }, inRange: { color: ['#12305f', '#1f6fd1', '#ffb347', '#ff5a5a'] },
        },
        series: [{
          type: 'map', map: name, roam: false, selectedMode: false, layoutCenter: ['50%', '50%'], layoutSize: '95%',
          label: { show: true, color: '#fff', fontSize: 18, textBorderColor: '#050b1a', textBorderWidth: 3 },
          itemStyle: { borderColor: '#7fd3f7', borderWidth: 1.5, areaColor: '#12305f' },
          emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#3b6fd1' } },
          data: items.map((i) => ({ name: i.name, value: i.headline.requests, placeId: i.id })),
        }],
      },
      { notMerge: true },
    );
  }, [placeId, map, items, t, chart, onPick]);
  return <div ref={el} className="gz-chart-box" role="img" aria-label={t('cockpit.map', { place: '' })} />;
}
