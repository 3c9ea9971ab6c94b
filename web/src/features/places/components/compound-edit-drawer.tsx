import { Alert, Button, Drawer, Form, Input, InputNumber, Select, Space, Switch, App } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { COMPOUND_KINDS, type CommitteeType, type CompoundKind } from '../../../lib/api/types';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useUpdateCompound } from '../api/update-compound';
import type { CompoundProfile } from '../api/types';

interface Values {
  compoundKind: CompoundKind;
  buildYear: number | null;
  householdCount: number;
  propertyCompany: string;
  committeeType: CommitteeType;
  followMajority: boolean;
  convention: string;
  servicePoint: { address: string; hours: string };
}

const COMMITTEES: CommitteeType[] = ['owners_committee', 'self_management_committee', 'none'];
const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

export function CompoundEditDrawer(props: { id: number; profile: CompoundProfile; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateCompound(props.id);
  const [banner, setBanner] = useState<string | null>(null);
  const p = props.profile;
  const thisYear = new Date().getFullYear();

  const submit = (v: Values) => {
    setBanner(null);
    update.mutate(
      {
        compoundKind: v.compoundKind,
        buildYear: v.buildYear ?? null,
        householdCount: v.householdCount,
        propertyCompany: blankToNull(v.propertyCompany),
        committeeType: v.committeeType,
        followMajority: v.followMajority,
        convention: blankToNull(v.convention),
        servicePoint: { address: blankToNull(v.servicePoint.address), hours: blankToNull(v.servicePoint.hours) },
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          props.onClose();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <Drawer
      title={t('compound.edit')}
      open={props.open}
      onClose={props.onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          ...p,
          propertyCompany: p.propertyCompany ?? '',
          convention: p.convention ?? '',
          servicePoint: { address: p.servicePoint.address ?? '', hours: p.servicePoint.hours ?? '' },
        }}
      >
        <Form.Item name="compoundKind" label={t('compound.kind')} rules={[{ required: true, message: t('compound.kindRequired') }]}>
          <Select options={COMPOUND_KINDS.map((k) => ({ value: k, label: t(`compoundKind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="buildYear"
          label={t('compound.buildYear')}
          rules={[{ type: 'integer', min: 1900, max: thisYear, message: t('compound.buildYearInvalid') }]}
        >
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="householdCount"
          label={t('compound.householdCount')}
          rules={[{ required: true, type: 'integer', min: 0, message: t('compound.householdCountInvalid') }]}
        >
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="propertyCompany" label={t('compound.propertyCompany')} rules={[{ max: 100, message: t('compound.tooLong', { n: 100 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="committeeType" label={t('compound.committeeType')} rules={[{ required: true }]}>
          <Select options={COMMITTEES.map((c) => ({ value: c, label: t(`committee.${c}`) }))} />
        </Form.Item>
        <Form.Item name="followMajority" label={t('compound.followMajority')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name={['servicePoint', 'address']} label={t('compound.servicePointAddress')} rules={[{ max: 200, message: t('compound.tooLong', { n: 200 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name={['servicePoint', 'hours']} label={t('compound.servicePointHours')} rules={[{ max: 100, message: t('compound.tooLong', { n: 100 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="convention" label={t('compound.convention')} rules={[{ max: 5000, message: t('compound.tooLong', { n: 5000 }) }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
