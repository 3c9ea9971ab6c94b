import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { formatDate, formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { EmptyState, QueryState } from '../../../components/states';
import { usePerson } from '../api/get-person';
import { useRevokeRole } from '../api/revoke-role';
import type { Person, RoleAssignment } from '../api/types';
import { RevealModal } from '../components/reveal-modal';
import { AssignRoleForm } from '../components/assign-role-form';

export function PersonPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const person = usePerson(id);
  const [revealing, setRevealing] = useState(false);
  return (
    <QueryState query={person}>
      {(p) => (
        <PageShell title={p.name} extra={<Link to="/people">{t('common.back')}</Link>}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                <Card
                  title={t('person.sensitive')}
                  extra={<Button onClick={() => setRevealing(true)}>{t('person.reveal')}</Button>}
                >
                  <Descriptions column={1} bordered size="small">
                    <Descriptions.Item label={t('people.phone')}>{p.phoneMasked}</Descriptions.Item>
                    <Descriptions.Item label={t('people.idNumber')}>{p.idNumberMasked ?? t('common.unknown')}</Descriptions.Item>
                    <Descriptions.Item label={t('person.flags')}>
                      {p.hasSensitiveFlags ? t('person.hasFlags') : t('person.noFlags')}
                    </Descriptions.Item>
                  </Descriptions>
                </Card>
                <RolesCard person={p} />
                <ConsentsCard person={p} />
              </Space>
            </Col>
            <Col xs={24} lg={10}>
              <Card title={t('person.assignRole')}>
                <AssignRoleForm personId={p.id} />
              </Card>
            </Col>
          </Row>
          <RevealModal personId={p.id} open={revealing} onClose={() => setRevealing(false)} />
        </PageShell>
      )}
    </QueryState>
  );
}

function RolesCard({ person }: { person: Person }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const revoke = useRevokeRole(person.id);
  return (
    <Card title={t('people.roles')}>
      <Table<RoleAssignment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={person.roles}
        locale={{ emptyText: <EmptyState text={t('person.noRoles')} /> }}
        columns={[
          { title: t('people.role'), dataIndex: 'role', render: (r: RoleAssignment['role']) => t(`role.${r}`) },
          {
            title: t('people.place'),
            dataIndex: 'placeName',
            render: (n: string, r) => (
              <>
                <Link to={`/places/${r.placeId}`}>{n}</Link> {r.local && <Tag color="success">{t('compound.local')}</Tag>}
              </>
            ),
          },
          { title: t('person.validFrom'), dataIndex: 'validFrom', render: formatDate },
          { title: t('person.validTo'), dataIndex: 'validTo', render: formatDate },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, r) => (
              <Popconfirm
                title={t('person.revokeConfirm')}
                onConfirm={() =>
                  revoke.mutateAsync(r.id).then(
                    () => void message.success(t('person.revoked')),
                    (e: unknown) => void message.error(errorText(e, t)),
                  )
                }
              >
                <Button size="small" danger>
                  {t('person.revokeRole')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ConsentsCard({ person }: { person: Person }) {
  const { t } = useI18n();
  return (
    <Card title={t('person.consents')}>
      <Table
        rowKey={(c) => `${c.purpose}-${c.grantedAt}`}
        size="small"
        pagination={false}
        dataSource={person.consents}
        locale={{ emptyText: <EmptyState text={t('person.noConsents')} /> }}
        columns={[
          { title: t('person.purpose'), dataIndex: 'purpose' },
          { title: t('person.grantedAt'), dataIndex: 'grantedAt', render: formatDateTime },
          { title: t('person.withdrawnAt'), dataIndex: 'withdrawnAt', render: formatDateTime },
        ]}
      />
    </Card>
  );
}
