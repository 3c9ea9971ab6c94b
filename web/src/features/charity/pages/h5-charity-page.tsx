import { Card } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import { formatDate } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyDrives, yuan } from '../api/charity-api';

/** 微公益 in the H5: my community's drives, what came in and went out, and the public ledger of each. */
export function H5CharityPage() {
  const { t } = useI18n();
  const drives = useMyDrives();
  let body;
  if (drives.isPending) body = <MobileLoading />;
  else if (drives.isError) body = <MobileError error={drives.error} onRetry={() => void drives.refetch()} />;
  else if (drives.data.items.length === 0) body = <MobileEmpty text={t('charity.noDrives')} />;
  else
    body = drives.data.items.map((d) => (
      <Card key={d.id} style={{ margin: '8px 12px' }} title={d.title} extra={t(`charity.status.${d.status}`)}>
        <p style={{ color: '#595959', margin: '4px 0' }}>{d.place.name} · {formatDate(d.startsAt)} – {formatDate(d.endsAt)}</p>
        <p style={{ margin: '4px 0' }}>{d.description}</p>
        {d.goodsWanted && <p style={{ margin: '4px 0' }}>{t('charity.goodsWanted')}：{d.goodsWanted}</p>}
        <p style={{ margin: '8px 0 4px' }}>
          {t('charity.received')} <strong>{yuan(d.totals.money.receivedFen)}</strong> · {t('charity.disbursed')} <strong>{yuan(d.totals.money.disbursedFen)}</strong> · {t('charity.balance')} <strong>{yuan(d.totals.money.balanceFen)}</strong>
        </p>
        {d.totals.goods.map((g) => <p key={g.item} style={{ margin: '2px 0' }}>{g.item}：{t('charity.received')} {g.received} · {t('charity.disbursed')} {g.disbursed}</p>)}
        <a href={`/charity-ledger/${d.id}`}>{t('charity.viewLedger')}</a>
      </Card>
    ));
  return (
    <section className="gz-h5-page" aria-labelledby="charity-title">
      <h2 id="charity-title" className="gz-h5-h2">{t('charity.h5.title')}</h2>
      <p style={{ margin: '0 16px 8px', color: '#595959' }}>{t('charity.h5.intro')}</p>
      {body}
    </section>
  );
}
