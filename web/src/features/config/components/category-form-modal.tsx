import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useCreateCategory } from '../api/create-category';
import { useUpdateCategory } from '../api/update-category';
import {
  CATEGORY_PARTIES, CODE_PATTERN, MAX_RESOLUTION_MINUTES, MAX_RESPONSE_MINUTES, type CategoryFields, type ConfigCategory,
} from '../api/types';
import { limitHint } from './limit-hint';

/** Edits one category (or creates one when `category` is null): names, default party, limits, counting, enabled. */
export function CategoryFormModal(props: { category: ConfigCategory | null; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryFields>();
  const update = useUpdateCategory();
  const create = useCreateCategory();
  const [banner, setBanner] = useState<string | null>(null);
  const c = props.category;
  const workingTime = Form.useWatch('workingTime', form) ?? c?.workingTime ?? false;
  const response = Form.useWatch('responseMinutes', form);
  const resolution = Form.useWatch('resolutionMinutes', form);

  const onError = (err: unknown) => {
    if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
  };
  const submit = (v: CategoryFields) => {
    setBanner(null);
    if (c) {
      const { code: _code, ...patch } = v;
      update.mutate(
        { id: c.id, patch },
        { onSuccess: (saved) => { void message.success(t('config.categories.saved', { name: saved.name })); props.onClose(); }, onError },
      );
    } else {
      create.mutate(v, {
        onSuccess: (saved) => { void message.success(t('config.categories.created', { name: saved.name })); props.onClose(); },
        onError,
      });
    }
  };

  const limitRule = (field: MessageKey, max: number) => ({
    required: true, type: 'integer' as const, min: 1, max,
    message: t('config.categories.limitRange', { field: t(field), max }),
  });

  return (
    <Modal
      title={c ? t('config.categories.editTitle', { name: c.name }) : t('config.categories.addTitle')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending || create.isPending}
      destroyOnHidden
      width={560}
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<CategoryFields>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          c ?? { code: '', nameZh: '', nameEn: '', defaultParty: 'property', responseMinutes: 60, resolutionMinutes: 1440, workingTime: false, active: true }
        }
      >
        <Form.Item
          name="code"
          label={t('config.categories.code')}
          extra={c ? undefined : t('config.categories.codeHelp')}
          rules={[{ required: true, pattern: CODE_PATTERN, message: t('config.categories.codeInvalid') }]}
        >
          <Input disabled={!!c} />
        </Form.Item>
        <Form.Item name="nameZh" label={t('config.categories.nameZh')} rules={[{ required: true, whitespace: true, max: 40, message: t('config.categories.required', { field: t('config.categories.nameZh') }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('config.categories.nameEn')} rules={[{ required: true, whitespace: true, max: 60, message: t('config.categories.required', { field: t('config.categories.nameEn') }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="defaultParty" label={t('config.categories.party')} rules={[{ required: true }]}>
          <Select options={CATEGORY_PARTIES.map((p) => ({ value: p, label: t(`config.party.${p}`) }))} />
        </Form.Item>
        <Form.Item name="workingTime" label={t('config.categories.counting')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: true, label: t('config.categories.workingTime') },
              { value: false, label: t('config.categories.calendarTime') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="responseMinutes"
          label={t('config.categories.response')}
          extra={limitHint(response, workingTime, t, true)}
          rules={[limitRule('config.categories.response', MAX_RESPONSE_MINUTES)]}
        >
          <InputNumber style={{ width: '100%' }} suffix={t('config.categories.minutes')} />
        </Form.Item>
        <Form.Item
          name="resolutionMinutes"
          label={t('config.categories.resolution')}
          extra={limitHint(resolution, workingTime, t, true)}
          dependencies={['responseMinutes']}
          rules={[
            limitRule('config.categories.resolution', MAX_RESOLUTION_MINUTES),
            ({ getFieldValue }) => ({
              validator: (_r, value: number | null) =>
                value != null && (getFieldValue('responseMinutes') as number | null) != null && getFieldValue('responseMinutes') > value
                  ? Promise.reject(new Error(t('config.categories.limitOrder')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <InputNumber style={{ width: '100%' }} suffix={t('config.categories.minutes')} />
        </Form.Item>
        <Form.Item name="active" label={t('config.categories.enabled')} valuePropName="checked" extra={t('config.categories.activeHelp')}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
