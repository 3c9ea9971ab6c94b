import { Card, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { useSession } from '../api/get-session';

/** Landing page: each role the person holds, with a link straight to its place. */
export function MyRolesPage() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <QueryState query={session}>
      {(s) =>
        !s ? (
          <EmptyState />
        ) : (
          <PageShell title={t('home.hello', { name: s.person.name })}>
            <Card title={t('home.title')}>
              {s.roles.length === 0 ? (
                <EmptyState text={t('home.noRoles')} />
              ) : (
                <List
                  dataSource={s.roles}
                  renderItem={(r) => (
                    <List.Item
                      actions={[
                        <Link key="open" to={`/places/${r.placeId}`}>
                          {t('home.openPlace', { place: r.placeName })}
                        </Link>,
                      ]}
                    >
                      <List.Item.Meta
                        title={<Typography.Text strong>{t(`role.${r.role}`)}</Typography.Text>}
                        description={
                          <>
                            <Tag>{t(`kind.${r.placeKind}`)}</Tag> {r.placeName}
                          </>
                        }
                      />
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </PageShell>
        )
      }
    </QueryState>
  );
}
