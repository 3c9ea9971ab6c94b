import { Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useI18n } from '../../../lib/i18n';
import { TRIPS_AIM } from '../api/types';

/** 最多跑一次: the resident's own trips, in red once over the aim. */
export function TripsText({ trips, style }: { trips: number; style?: CSSProperties }) {
  const { t } = useI18n();
  const over = trips > TRIPS_AIM;
  return (
    <Typography.Text type={over ? 'danger' : undefined} strong={over} style={style} title={over ? t('errand.tripsExceeded', { n: trips }) : t('errand.tripsAim')}>
      {t('errand.tripsCount', { n: trips })}
      {over && ' ⚠'}
    </Typography.Text>
  );
}
