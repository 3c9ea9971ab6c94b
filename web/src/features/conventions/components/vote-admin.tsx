import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api/client';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { listPeople } from '../../people/api/list-people';

/**
 * Screens for what the votes API already did without one: the district's notice periods (公告期) and, on an open
 * vote, an owner's authorised agent (受托代理人). Kept here so the votes feature's files stay as they were.
 */
type Settings = { noticeDays: number; extraordinaryNoticeDays: number };

export function VoteSettingsCard() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['votes', 'settings'], queryFn: () => api<Settings>('/api/votes/settings') });
  const save = useMutation({ mutationFn: (s: Settings) => api<Settings>('/api/votes/settings', { method: 'PATCH', json: s }), onSuccess: (s) => qc.setQueryData(['votes', 'settings'], s) });
  const [form] = Form.useForm<Settings>();
  useEffect(() => { if (q.data) form.setFieldsValue(q.data); }, [q.data, form]);
  const rule = { required: true, type: 'number' as const, min: 1, max: 60, message: t('voteAdmin.daysRule') };
  return (
    <Card title={t('voteAdmin.settings')} loading={q.isPending}>
      <Form form={form} name="voteSettings" layout="inline" aria-label={t('voteAdmin.settings')} onFinish={(v) => save.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item name="noticeDays" label={t('voteAdmin.noticeDays')} rules={[rule]}><InputNumber min={1} max={60} /></Form.Item>
        <Form.Item name="extraordinaryNoticeDays" label={t('voteAdmin.extraordinaryNoticeDays')} rules={[rule]}><InputNumber min={1} max={60} /></Form.Item>
        <Button htmlType="submit" loading={save.isPending}>{t('voteAdmin.save')}</Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('voteAdmin.settingsHint')}</Typography.Paragraph>
      {save.isSuccess && <Typography.Text type="success" role="status">{t('voteAdmin.saved')}</Typography.Text>}
      {save.isError && <Alert type="error" showIcon role="alert" title={errorText(save.error, t)} />}
    </Card>
  );
}

/** 登记受托代理人: an owner in the electorate, the agent found by name or phone, and the authorisation's reference. */
export function ProxyForm({ voteId, owners }: { voteId: number; owners: { ownerId: number; ownerName: string }[] }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const agents = useQuery({ queryKey: ['people', 'agent-search', search], enabled: search.trim().length > 0, queryFn: () => listPeople({ q: search.trim(), page: 1, pageSize: 20 }) });
  const register = useMutation({ mutationFn: (b: { ownerId: number; agentId: number; authorisationRef: string }) => api<{ ok: boolean }>(`/api/votes/${voteId}/proxies`, { method: 'POST', json: b }) });
  const [form] = Form.useForm<{ ownerId: number; agentId: number; authorisationRef: string }>();
  return (
    <Card title={t('voteAdmin.proxy')} size="small" style={{ marginBottom: 16 }}>
      <Form form={form} name="proxy" layout="inline" aria-label={t('voteAdmin.proxy')} style={{ rowGap: 8 }} onFinish={(v) => register.mutate(v, { onSuccess: () => form.resetFields() })}>
        <Form.Item name="ownerId" rules={[{ required: true, message: t('vote.chooseOwner') }]}>
          <Select aria-label={t('vote.owner')} showSearch optionFilterProp="label" placeholder={t('vote.owner')} style={{ width: 180 }} options={owners.map((o) => ({ value: o.ownerId, label: o.ownerName }))} />
        </Form.Item>
        <Form.Item name="agentId" rules={[{ required: true, message: t('voteAdmin.chooseAgent') }]}>
          <Select aria-label={t('voteAdmin.agent')} showSearch filterOption={false} onSearch={setSearch} placeholder={t('voteAdmin.agentSearch')} style={{ width: 220 }} loading={agents.isFetching}
            options={(agents.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.phoneMasked}` }))} />
        </Form.Item>
        <Form.Item name="authorisationRef" rules={[{ required: true, whitespace: true, message: t('voteAdmin.refRequired') }]}>
          <Input aria-label={t('voteAdmin.ref')} placeholder={t('voteAdmin.ref')} maxLength={200} />
        </Form.Item>
        <Button htmlType="submit" loading={register.isPending}>{t('voteAdmin.register')}</Button>
      </Form>
      <Space direction="vertical" style={{ marginTop: 8 }}>
        {register.isSuccess && <Typography.Text type="success" role="status">{t('voteAdmin.registered')}</Typography.Text>}
        {register.isError && <Typography.Text type="danger" role="alert">{errorText(register.error, t)}</Typography.Text>}
      </Space>
    </Card>
  );
}
