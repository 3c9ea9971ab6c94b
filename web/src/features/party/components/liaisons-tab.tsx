import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { ErrorState } from '../../../components/states';
import { useCreateLiaison, useEndLiaison, useLiaisons, usePeopleSearch, type Liaison } from '../api/party-api';
import { CommunitySelect } from './community-select';

type LiaisonForm = { personId: number; communityId: number; post: string };

/** 联点: district leaders linked to demonstration communities; only the district admin sets them. */
export function LiaisonsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useLiaisons();
  const create = useCreateLiaison();
  const end = useEndLiaison();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const people = usePeopleSearch(q);
  const [form] = Form.useForm<LiaisonForm>();

  return (
    <>
      {canEdit && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => { form.resetFields(); setOpen(true); }}>{t('party.addLiaison')}</Button>
        </Space>
      )}
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Liaison>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('party.noLiaisons') }}
          pagination={false}
          columns={[
            { title: t('party.leader'), dataIndex: ['person', 'name'] },
            { title: t('party.post'), dataIndex: 'post' },
            { title: t('party.demoCommunity'), dataIndex: ['community', 'name'] },
            { title: t('party.since'), dataIndex: 'since', render: (d: string) => formatDate(d) },
            ...(canEdit ? [{
              title: t('common.actions'), key: 'a', width: 100,
              render: (_: unknown, l: Liaison) => (
                <Popconfirm title={t('party.endLiaisonConfirm')} onConfirm={() => end.mutate(l.id, { onError: (e) => void message.error(errorText(e, t)) })}>
                  <Button size="small">{t('party.endLiaison')}</Button>
                </Popconfirm>
              ),
            }] : []),
          ]}
        />
      )}
      <Modal open={open} title={t('party.addLiaison')} okText={t('common.save')} confirmLoading={create.isPending} onCancel={() => setOpen(false)} destroyOnHidden
        onOk={() => void form.validateFields().then((v) => create.mutate({ ...v, post: v.post.trim() }, { onSuccess: () => setOpen(false), onError: (e) => void message.error(errorText(e, t)) }), () => undefined /* invalid: the form shows what is wrong */)}>
        <Form form={form} layout="vertical">
          <Form.Item name="personId" label={t('party.leader')} rules={[{ required: true, message: t('party.leaderRule') }]}>
            <Select showSearch filterOption={false} onSearch={setQ} placeholder={t('party.searchPerson')} loading={people.isFetching}
              notFoundContent={q ? t('common.empty') : null} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="post" label={t('party.post')} rules={[{ required: true, whitespace: true, min: 2, max: 40, message: t('party.postRule') }]}><Input maxLength={40} placeholder="区委副书记" /></Form.Item>
          <Form.Item name="communityId" label={t('party.demoCommunity')} rules={[{ required: true, message: t('party.chooseCommunity') }]}><CommunitySelect /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
