import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate } from '../../../lib/format';
import { applyServerIssues } from '../../../components/form-errors';
import { ErrorState } from '../../../components/states';
import { UNIT_KINDS, useCreateUnit, useRemoveUnit, useUnits, type Unit, type UnitKind } from '../api/party-api';
import { CommunitySelect } from './community-select';

type UnitForm = { communityId: number; name: string; kind: UnitKind; contactName?: string; note?: string };

/** 大党委成员单位: who has joined each community's big party committee ("1+4+N"), and adding one. */
export function UnitsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [placeId, setPlaceId] = useState<number>();
  const units = useUnits(placeId);
  const create = useCreateUnit();
  const remove = useRemoveUnit();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<UnitForm>();

  const submit = () =>
    void form.validateFields().then((v) =>
      create.mutate(
        { ...v, contactName: v.contactName?.trim() || undefined, note: v.note?.trim() || undefined },
        {
          onSuccess: (u) => { setOpen(false); void message.success(t('party.unitJoined', { name: u.name })); },
          onError: (e) => { if (!applyServerIssues(form, e)) void message.error(errorText(e, t)); },
        },
      ),
      () => undefined /* invalid: the form shows what is wrong */);

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <CommunitySelect value={placeId} onChange={setPlaceId} allowClear />
        <Button type="primary" onClick={() => { form.resetFields(); form.setFieldsValue({ communityId: placeId }); setOpen(true); }}>{t('party.addUnit')}</Button>
      </Space>
      {units.isError ? (
        <ErrorState error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <Table<Unit>
          rowKey="id"
          loading={units.isPending}
          dataSource={units.data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
          locale={{ emptyText: t('party.noUnits') }}
          columns={[
            { title: t('party.unitName'), dataIndex: 'name' },
            { title: t('party.unitKind'), dataIndex: 'kind', width: 130, render: (k: UnitKind) => <Tag>{t(`party.kind.${k}`)}</Tag> },
            { title: t('party.community'), dataIndex: ['community', 'name'], width: 140 },
            { title: t('party.contact'), dataIndex: 'contactName', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('party.registeredMembers'), dataIndex: 'members', width: 110, align: 'right' },
            { title: t('party.joinedAt'), dataIndex: 'joinedAt', width: 120, render: (d: string) => formatDate(d) },
            {
              title: t('common.actions'), key: 'a', width: 100,
              render: (_, u) => (
                <Popconfirm title={t('party.removeUnitConfirm', { name: u.name })} onConfirm={() => remove.mutate(u.id, { onError: (e) => void message.error(errorText(e, t)) })}>
                  <Button size="small" danger>{t('party.removeUnit')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
      <Modal open={open} title={t('party.addUnit')} okText={t('common.save')} confirmLoading={create.isPending} onCancel={() => setOpen(false)} onOk={submit} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="communityId" label={t('party.community')} rules={[{ required: true, message: t('party.chooseCommunity') }]}>
            <CommunitySelect />
          </Form.Item>
          <Form.Item name="name" label={t('party.unitName')} rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('party.unitNameRule') }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="kind" label={t('party.unitKind')} rules={[{ required: true, message: t('party.unitKindRule') }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`party.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="contactName" label={t('party.contact')} rules={[{ min: 2, max: 30, message: t('party.contactRule') }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="note" label={t('party.note')}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
