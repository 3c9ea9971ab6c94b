import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useConsultations } from '../api/list-consultations';
import { useConveneConsultation } from '../api/convene-consultation';
import { useCloseConsultation } from '../api/close-consultation';
import { useCompoundCommittee } from '../api/get-compound-committee';
import { CONSULTATION_PARTIES, type Consultation, type ConsultationParty } from '../api/consultations.types';
import { OPEN_STATUSES, type RequestDetail } from '../api/types';

/**
 * 小区协商铃: the consultations on a request. The commissioner (or a community or street admin) convenes the
 * three parties, then records who came, the outcome and whether the matter goes to an open deliberation day.
 */
export function ConsultationsCard({ request, canHandle }: { request: RequestDetail; canHandle: boolean }) {
  const { t } = useI18n();
  const list = useConsultations(request.id);
  const [convening, setConvening] = useState(false);
  const [closing, setClosing] = useState<Consultation | null>(null);
  const canConvene = canHandle && OPEN_STATUSES.includes(request.status);

  let body;
  if (list.isPending) body = <LoadingState />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.items.length === 0) body = <EmptyState text={t('consult.none')} />;
  else
    body = (
      <List<Consultation>
        dataSource={list.data.items}
        renderItem={(c) => (
          <List.Item
            key={c.id}
            actions={
              canHandle && c.status === 'scheduled'
                ? [<Button key="close" size="small" onClick={() => setClosing(c)}>{t('consult.close')}</Button>]
                : []
            }
          >
            <ConsultationSummary c={c} />
          </List.Item>
        )}
      />
    );

  return (
    <Card
      title={t('consult.title')}
      extra={canConvene && <Button onClick={() => setConvening(true)}>{t('consult.convene')}</Button>}
    >
      {body}
      {convening && <ConveneModal request={request} onClose={() => setConvening(false)} />}
      {closing && <CloseModal requestId={request.id} consultation={closing} onClose={() => setClosing(null)} />}
    </Card>
  );
}

function ConsultationSummary({ c }: { c: Consultation }) {
  const { t } = useI18n();
  const party = (p: ConsultationParty) => t(`consult.party.${p}`);
  const nobody = c.invited.filter((i) => i.people === 0);
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap>
        <Tag color={c.status === 'closed' ? 'default' : 'processing'}>{t(`consult.status.${c.status}`)}</Tag>
        <Typography.Text strong>{formatDateTime(c.scheduledAt)}</Typography.Text>
        <Typography.Text type="secondary">{t('consult.convenedBy', { name: c.convenedBy.name })}</Typography.Text>
        {c.toDeliberation && <Tag color="purple">{t('consult.toDeliberationTag')}</Tag>}
      </Space>
      <Typography.Text>
        {t('consult.invited')}：{c.invited.map((i) => t('consult.invitedPeople', { party: party(i.party), n: i.people })).join('、')}
      </Typography.Text>
      {c.status === 'scheduled' && nobody.length > 0 && (
        <Typography.Text type="warning">{nobody.map((i) => t('consult.nobodyInvited', { party: party(i.party) })).join('；')}</Typography.Text>
      )}
      {c.note && <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{c.note}</Typography.Text>}
      {c.attended && (
        <Typography.Text>
          {t('consult.attended')}：{c.attended.length ? c.attended.map(party).join('、') : t('common.none')}
          {c.parties.some((p) => !c.attended!.includes(p)) &&
            ` · ${t('consult.absent')}：${c.parties.filter((p) => !c.attended!.includes(p)).map(party).join('、')}`}
        </Typography.Text>
      )}
      {c.outcome && (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
          {t('consult.outcome')}：{c.outcome}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

interface ConveneValues {
  scheduledAt?: Dayjs;
  parties?: ConsultationParty[];
  note?: string;
}

function ConveneModal({ request, onClose }: { request: RequestDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConveneValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const convene = useConveneConsultation(request.id);
  const committee = useCompoundCommittee(request.compound.id, true);
  // A compound has an owners' committee or a self-management committee (or neither): offer only the one it has.
  const parties = CONSULTATION_PARTIES.filter(
    (p) => (p !== 'owners_committee' && p !== 'self_management_committee') || committee.data === undefined || committee.data === p,
  );

  const submit = (v: ConveneValues) => {
    setBanner(null);
    convene.mutate(
      { scheduledAt: v.scheduledAt!.toISOString(), parties: v.parties!, note: v.note?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t('consult.done'));
          onClose();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <Modal open title={t('consult.convene')} okText={t('common.submit')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={convene.isPending} destroyOnHidden>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<ConveneValues> form={form} layout="vertical" onFinish={submit} initialValues={{ scheduledAt: dayjs().add(1, 'day').hour(19).minute(0).second(0) }}>
        <Form.Item
          name="scheduledAt"
          label={t('consult.scheduledAt')}
          rules={[
            { required: true, message: t('consult.scheduledAtRequired') },
            { validator: (_, v?: Dayjs) => (!v || v.isAfter(dayjs()) ? Promise.resolve() : Promise.reject(new Error(t('consult.scheduledAtPast')))) },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="parties" label={t('consult.parties')} extra={t('consult.partiesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('consult.partiesRequired') }]}>
          <Checkbox.Group options={parties.map((p) => ({ value: p, label: t(`consult.party.${p}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('consult.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CloseValues {
  attended?: ConsultationParty[];
  outcome?: string;
  toDeliberation?: boolean;
}

function CloseModal({ requestId, consultation: c, onClose }: { requestId: number; consultation: Consultation; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const close = useCloseConsultation(requestId);

  const submit = (v: CloseValues) => {
    setBanner(null);
    close.mutate(
      { id: c.id, body: { attended: v.attended ?? [], outcome: v.outcome!.trim(), toDeliberation: !!v.toDeliberation } },
      {
        onSuccess: () => {
          void message.success(t('consult.done'));
          onClose();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <Modal open title={t('consult.close')} okText={t('common.submit')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={close.isPending} destroyOnHidden>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {t('consult.scheduledAt')}：{formatDateTime(c.scheduledAt)}
        </Typography.Text>
      </Flex>
      <Form<CloseValues> form={form} layout="vertical" onFinish={submit} initialValues={{ attended: c.parties, toDeliberation: false }}>
        <Form.Item name="attended" label={t('consult.attended')}>
          <Checkbox.Group options={c.parties.map((p) => ({ value: p, label: t(`consult.party.${p}`) }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('consult.outcome')} rules={[{ required: true, whitespace: true, message: t('consult.outcomeRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="toDeliberation" label={t('consult.toDeliberation')} extra={t('consult.toDeliberationHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
