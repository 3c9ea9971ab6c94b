import { List } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyHome, type MyHome } from '../api/get-my-home';

/** 我的家: where I live, who my commissioner is and how to reach them. */
export function MyHomePage() {
  const { t } = useI18n();
  const home = useMyHome();
  if (home.isPending) return <MobileLoading />;
  if (home.isError) return <MobileError error={home.error} onRetry={() => void home.refetch()} />;
  if (home.data.homes.length === 0) return <MobileEmpty text={t('h5.noHome')} />;
  return (
    <>
      {home.data.homes.map((h) => (
        <HomeCard key={h.householdId} home={h} />
      ))}
    </>
  );
}

function HomeCard({ home }: { home: MyHome }) {
  const { t } = useI18n();
  const sp = home.compound.servicePoint;
  return (
    <section className="gz-home" aria-label={home.householdName}>
      <h2 className="gz-home-title">{home.compound.name}</h2>
      <p className="gz-home-sub">
        {home.householdName} · {t(`role.${home.relation}`)}
      </p>
      <List mode="card" header={t('h5.compound')}>
        <List.Item extra={home.compound.name}>{t('kind.compound')}</List.Item>
        <List.Item extra={home.community.name}>{t('h5.community')}</List.Item>
      </List>
      <List mode="card" header={t('h5.commissioner')}>
        {home.commissioners.length === 0 ? (
          <List.Item>{t('h5.noCommissioner')}</List.Item>
        ) : (
          home.commissioners.map((c) => (
            <List.Item
              key={c.phone}
              description={c.phone}
              extra={
                // A real link, so the phone dials even inside WeChat's browser.
                <a className="gz-call" href={`tel:${c.phone}`} aria-label={t('h5.call', { name: c.name })}>
                  {t('h5.callShort')}
                </a>
              }
            >
              {c.name}
            </List.Item>
          ))
        )}
      </List>
      <List mode="card" header={t('h5.servicePoint')}>
        <List.Item description={sp.address ?? t('common.unknown')}>{t('h5.address')}</List.Item>
        <List.Item description={sp.hours ?? t('common.unknown')}>{t('h5.hours')}</List.Item>
      </List>
    </section>
  );
}
