import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { PHONE_RE } from '../../../lib/validate';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { LanguageSwitch } from '../../../components/language-switch';
import { useLogin, type LoginInput } from '../api/login';
import { useTotpSignIn } from '../api/totp';
import { ApiError } from '../../../lib/api/client';

export function SignInPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LoginInput>();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [banner, setBanner] = useState<string | null>(null);
  // 双因素认证: the password passed and the server asks for a code against this challenge.
  const [challenge, setChallenge] = useState<string | null>(null);
  const second = useTotpSignIn();
  // Only same-site paths, so a crafted link cannot send people elsewhere after sign-in.
  const done = () => navigate(params.get('next')?.startsWith('/') ? params.get('next')! : '/', { replace: true });

  const submit = (values: LoginInput) => {
    setBanner(null);
    login.mutate(values, {
      onSuccess: done,
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'TOTP_REQUIRED' && typeof err.body.challenge === 'string') return setChallenge(err.body.challenge);
        if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
      },
    });
  };
  const verify = (v: { code: string }) => {
    setBanner(null);
    second.mutate({ challenge: challenge!, code: v.code.trim() }, {
      onSuccess: done,
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'TOTP_CHALLENGE_EXPIRED') setChallenge(null);
        setBanner(errorText(err, t));
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
          {challenge ? (
            <Form layout="vertical" onFinish={verify} requiredMark={false}>
              <Typography.Title level={2} style={{ fontSize: 16 }}>{t('totp.signInStep')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('totp.signInHint')}</Typography.Paragraph>
              <Form.Item name="code" label={t('totp.signInCode')} rules={[{ required: true, message: t('totp.signInCodeRequired') }]}>
                <Input autoFocus autoComplete="one-time-code" maxLength={11} size="large" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={second.isPending}>{t('totp.verify')}</Button>
              <Button type="link" block onClick={() => { setChallenge(null); setBanner(null); }}>{t('totp.back')}</Button>
            </Form>
          ) : (
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
          )}
          <Flex justify="center" style={{ marginTop: 24 }}>
            <LanguageSwitch />
          </Flex>
        </Card>
      </main>
    </Flex>
  );
}
