import { Button, Form, Input } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { PHONE_RE } from '../../../lib/validate';
import { errorText } from '../../../lib/api/error-text';
import { ApiError } from '../../../lib/api/client';
import { useLogin, type LoginInput } from '../api/login';

/** Resident sign-in. Errors show inline (the elders' mode allows no pop-ups). */
export function H5SignInPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginInput>();
  const login = useLogin();
  const [banner, setBanner] = useState<string | null>(null);

  const submit = (values: LoginInput) => {
    setBanner(null);
    login.mutate(values, {
      onError: (err) => {
        const issues = err instanceof ApiError ? err.issues : [];
        if (issues.length) form.setFields(issues.map((i) => ({ name: i.path as string[], errors: [i.message] })));
        else setBanner(errorText(err, t));
      },
    });
  };

  return (
    <main className="gz-h5-signin">
      <h1 className="gz-h5-h1">{t('auth.signInH5Title')}</h1>
      {banner && (
        <div role="alert" className="gz-h5-error">
          {banner}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={login.isPending}>
            {t('auth.signIn')}
          </Button>
        }
      >
        <Form.Item
          name="phone"
          label={t('auth.phone')}
          rules={[
            { required: true, message: t('auth.phoneRequired') },
            { pattern: PHONE_RE, message: t('auth.phoneInvalid') },
          ]}
        >
          <Input type="tel" inputMode="numeric" maxLength={11} autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input type="password" autoComplete="current-password" />
        </Form.Item>
      </Form>
    </main>
  );
}
