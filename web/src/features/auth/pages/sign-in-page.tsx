import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { PHONE_RE } from '../../../lib/validate';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { LanguageSwitch } from '../../../components/language-switch';
import { useLogin, type LoginInput } from '../api/login';

export function SignInPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginInput>();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [banner, setBanner] = useState<string | null>(null);

  const submit = (values: LoginInput) => {
    setBanner(null);
    login.mutate(values, {
      // Only same-site paths, so a crafted link cannot send people elsewhere after sign-in.
      onSuccess: () => navigate(params.get('next')?.startsWith('/') ? params.get('next')! : '/', { replace: true }),
      onError: (err) => {
        if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
      },
    });
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', background: '#f0f2f5', padding: 16 }}>
      <main style={{ width: 400, maxWidth: '100%' }}>
        <Card>
          <Flex justify="space-between" align="center" style={{ marginBottom: 24 }}>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {t('auth.signInTitle')}
            </Typography.Title>
          </Flex>
          {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} role="alert" />}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="phone"
              label={t('auth.phone')}
              rules={[
                { required: true, message: t('auth.phoneRequired') },
                { pattern: PHONE_RE, message: t('auth.phoneInvalid') },
              ]}
            >
              <Input inputMode="numeric" autoComplete="username" maxLength={11} size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              {t('auth.signIn')}
            </Button>
          </Form>
          <Flex justify="center" style={{ marginTop: 24 }}>
            <LanguageSwitch />
          </Flex>
        </Card>
      </main>
    </Flex>
  );
}
