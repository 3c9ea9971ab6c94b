import { Alert, App, Button, Checkbox, DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { ROLE_NAMES, type RoleName } from '../../../lib/api/types';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useAssignRole } from '../api/assign-role';
import { PlaceSelect } from './place-select';

interface Values {
  role: RoleName;
  placeId: number;
  local: boolean;
  validFrom?: Dayjs;
  validTo?: Dayjs;
}

export function AssignRoleForm({ personId }: { personId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const assign = useAssignRole(personId);
  const [banner, setBanner] = useState<string | null>(null);
  const role = Form.useWatch('role', form);

  const submit = (v: Values) => {
    setBanner(null);
    assign.mutate(
      {
        personId,
        role: v.role,
        placeId: v.placeId,
        local: v.role === 'commissioner' ? v.local : undefined,
        // The server takes ISO date-times with an offset; a day starts at local midnight.
        validFrom: v.validFrom?.startOf('day').format(),
        validTo: v.validTo?.endOf('day').format(),
      },
      {
        onSuccess: () => {
          void message.success(t('person.assigned'));
          form.resetFields();
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ local: false }}>
        <Form.Item name="role" label={t('people.role')} rules={[{ required: true, message: t('person.roleRequired') }]}>
          <Select showSearch optionFilterProp="label" options={ROLE_NAMES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="placeId" label={t('people.place')} rules={[{ required: true, message: t('person.placeRequired') }]}>
          <PlaceSelect />
        </Form.Item>
        {role === 'commissioner' && (
          <Form.Item name="local" valuePropName="checked">
            <Checkbox>{t('person.localFlag')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="validFrom" label={t('person.validFrom')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="validTo"
          label={t('person.validTo')}
          dependencies={['validFrom']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: Dayjs | undefined) => {
                const from = getFieldValue('validFrom') as Dayjs | undefined;
                return !v || !from || v.isAfter(from) ? Promise.resolve() : Promise.reject(new Error(t('person.validToBeforeFrom')));
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          {t('person.assignRole')}
        </Button>
      </Form>
    </>
  );
}
