import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { ROLE_NAMES } from '../../../lib/api/types';
import { PlaceSelect } from './place-select';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { ID_NUMBER_RE, PHONE_RE, isStrongPassword } from '../../../lib/validate';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useCreatePerson, type NewPerson } from '../api/create-person';

export function CreatePersonDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewPerson>();
  const create = useCreatePerson();
  const [banner, setBanner] = useState<string | null>(null);

  const submit = (v: NewPerson) => {
    setBanner(null);
    create.mutate(
      { ...v, name: v.name.trim(), idNumber: v.idNumber || undefined, password: v.password || undefined },
      {
        onSuccess: (p) => {
          void message.success(t('people.created'));
          onClose();
          navigate(`/people/${p.id}`);
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <Drawer
      title={t('people.create')}
      open={open}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<NewPerson> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('people.nameRequired') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('people.phone')}
          rules={[
            { required: true, message: t('auth.phoneRequired') },
            { pattern: PHONE_RE, message: t('auth.phoneInvalid') },
          ]}
        >
          <Input inputMode="numeric" maxLength={11} />
        </Form.Item>
        <Form.Item name="role" label={t('people.role')} rules={[{ required: true, message: t('person.roleRequired') }]}>
          <Select showSearch optionFilterProp="label" options={ROLE_NAMES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="placeId" label={t('people.place')} rules={[{ required: true, message: t('person.placeRequired') }]}>
          <PlaceSelect />
        </Form.Item>
        <Form.Item name="idNumber" label={t('people.idNumber')} rules={[{ pattern: ID_NUMBER_RE, message: t('people.idNumberInvalid') }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('people.passwordHint')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                !v || isStrongPassword(v) ? Promise.resolve() : Promise.reject(new Error(t('people.passwordInvalid'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
