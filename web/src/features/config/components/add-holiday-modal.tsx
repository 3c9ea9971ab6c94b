import { Alert, App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useAddHoliday } from '../api/add-holiday';
import type { HolidayKind } from '../api/types';

type Values = { day: Dayjs | null; kind: HolidayKind; name: string };

/** Adds one day to the working-time calendar; a make-up workday must be a weekend day (the server says so too). */
export function AddHolidayModal(props: { open: boolean; defaultYear: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddHoliday();
  const [banner, setBanner] = useState<string | null>(null);

  const submit = (v: Values) => {
    setBanner(null);
    const day = v.day!.format('YYYY-MM-DD');
    add.mutate(
      { day, kind: v.kind, name: v.name.trim() },
      {
        onSuccess: () => {
          void message.success(t('config.holidays.added', { day }));
          props.onClose();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <Modal
      title={t('config.holidays.addTitle')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ day: null, kind: 'holiday', name: '' }}>
        <Form.Item name="kind" label={t('config.holidays.kind')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'holiday', label: t('config.holidays.kind.holiday') },
              { value: 'workday', label: t('config.holidays.kind.workday') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="day"
          label={t('config.holidays.day')}
          dependencies={['kind']}
          rules={[
            { required: true, message: t('config.holidays.dayRequired') },
            ({ getFieldValue }) => ({
              validator: (_r, value: Dayjs | null) => {
                const weekend = value ? value.day() === 0 || value.day() === 6 : true;
                return getFieldValue('kind') === 'workday' && !weekend
                  ? Promise.reject(new Error(t('config.holidays.workdayWeekend')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker
            style={{ width: '100%' }}
            format="YYYY-MM-DD"
            defaultPickerValue={props.defaultYear === dayjs().year() ? undefined : dayjs(`${props.defaultYear}-01-01`)}
          />
        </Form.Item>
        <Form.Item name="name" label={t('config.holidays.name')} rules={[{ required: true, whitespace: true, max: 40, message: t('config.holidays.nameRequired') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
