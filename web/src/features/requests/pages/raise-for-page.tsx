import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { PageShell } from '../../../components/page-shell';
import { useCategories } from '../api/list-categories';
import { useSearchCompounds } from '../api/search-compounds';
import { useRaiseForResident, type RaiseForBody } from '../api/raise-for-resident';
import { REQUEST_TYPES, STAFF_CHANNELS } from '../api/types';
import { PhotoPicker } from '../components/photo-picker';
import { newIdempotencyKey } from '../../../lib/idempotency';

type Values = Omit<RaiseForBody, 'photoIds'> & { photoIds?: string[] };

/** 代居民登记: a commissioner or grid worker records a call, a walk-in or a home visit. */
export function RaiseForPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [compoundQ, setCompoundQ] = useState('');
  const [banner, setBanner] = useState<string | null>(null);
  const categories = useCategories();
  const compounds = useSearchCompounds(compoundQ);
  const raise = useRaiseForResident();
  // One key per filled-in form: a retry after a timeout does not register the request twice.
  const key = useRef(newIdempotencyKey());

  const submit = (v: Values) => {
    setBanner(null);
    raise.mutate(
      {
        key: key.current,
        body: {
          ...v,
          description: v.description.trim(),
          locationText: v.locationText?.trim() || undefined,
          residentId: v.residentId ?? undefined,
          photoIds: v.photoIds ?? [],
        },
      },
      {
        onSuccess: (r) => {
          void message.success(t('req.raiseFor.done'));
          navigate(`/requests/${r.id}`);
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <PageShell title={t('req.raiseFor.title')} extra={<Link to="/requests">{t('common.back')}</Link>}>
      <Card style={{ maxWidth: 720 }}>
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ urgency: 'normal', type: 'help', channel: 'phone' }}>
          <Form.Item name="channel" label={t('req.raiseFor.channel')} rules={[{ required: true, message: t('req.raiseFor.channelRequired') }]}>
            <Radio.Group options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`req.channel.${c}`) }))} />
          </Form.Item>
          <Form.Item name="compoundId" label={t('req.compound')} extra={t('req.raiseFor.compoundHint')} rules={[{ required: true, message: t('req.compoundRequired') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setCompoundQ }}
              loading={compounds.isFetching}
              notFoundContent={compoundQ ? undefined : null}
              options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: [...c.pathNames.slice(-2), c.name].join(' / ') }))}
            />
          </Form.Item>
          <Form.Item name="residentId" label={t('req.raiseFor.residentId')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('req.category')} rules={[{ required: true, message: t('req.categoryRequired') }]}>
            <Select loading={categories.isPending} options={(categories.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="type" label={t('req.type')} rules={[{ required: true, message: t('req.typeRequired') }]}>
            <Radio.Group optionType="button" options={REQUEST_TYPES.map((x) => ({ value: x, label: t(`req.type.${x}`) }))} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('req.description')}
            rules={[
              { required: true, whitespace: true, message: t('req.descriptionRequired') },
              { min: 5, message: t('req.descriptionShort') },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="locationText" label={t('req.location')}>
            <Input maxLength={200} placeholder={t('req.locationPlaceholder')} />
          </Form.Item>
          <Form.Item name="urgency" label={t('req.urgency')}>
            <Radio.Group options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: t(`req.urgency.${u}`) }))} />
          </Form.Item>
          <Form.Item name="photoIds" label={t('req.photos')} extra={t('req.photosHint')}>
            <PhotoPicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={raise.isPending}>
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </PageShell>
  );
}
