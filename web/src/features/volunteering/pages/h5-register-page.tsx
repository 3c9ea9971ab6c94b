import '../volunteering.css';
import { Button, Checkbox, Form, Input, Radio, Selector } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { useSession } from '../../auth/api/get-session';
import { useRegister } from '../api/my-volunteering';

const SKILLS = ['急救', '电工', '维修', '心理疏导', '法律咨询', '陪伴照护', '文艺', '摄影', '外语', '驾驶'];
const CATEGORIES = ['社区服务', '助老助残', '环境保护', '应急救援', '文明实践', '治安巡防'];

interface Values { sex: 'male' | 'female'; birthDate: string; idNumber?: string; skills: string[]; serviceCategories: string[] }

/**
 * 志愿者登记 (志愿服务记录与证明出具办法 art. 5): the profile, entered only with the person's consent (art. 6).
 * Name and phone come from the account; the ID number is optional here, kept encrypted and shown masked.
 */
export function H5RegisterPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const register = useRegister();
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  // Home: the household of a resident role (its place), as "居住区域".
  const home = session.data?.roles.find((r) => r.role === 'resident' || r.role === 'owner') ?? session.data?.roles[0];

  const submit = (v: Values) => {
    if (!consent) return setConsentError(true);
    if (!home) return;
    register.mutate(
      { sex: v.sex, birthDate: v.birthDate, idNumber: v.idNumber?.trim() || undefined, homePlaceId: home.placeId, skills: v.skills ?? [], serviceCategories: v.serviceCategories ?? [], consent },
      { onSuccess: () => navigate('/volunteering') },
    );
  };
  return (
    <section className="gz-h5-page" aria-labelledby="reg-title">
      <h2 id="reg-title" className="gz-h5-h2">{t('vol.register')}</h2>
      <Form layout="vertical" onFinish={submit} initialValues={{ sex: 'female', skills: [], serviceCategories: [] }}
        footer={<Button block type="submit" color="primary" loading={register.isPending}>{t('vol.registerSubmit')}</Button>}>
        <Form.Item label={t('vol.name')}>{session.data?.person.name}</Form.Item>
        <Form.Item label={t('vol.homePlace')}>{home?.placeName ?? '—'}</Form.Item>
        <Form.Item name="sex" label={t('vol.sex')} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="female">{t('vol.sex.female')}</Radio>
            <Radio value="male" style={{ marginLeft: 16 }}>{t('vol.sex.male')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="birthDate" label={t('vol.birthDate')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('vol.birthDateFormat') }]}>
          <Input placeholder="1990-05-01" inputMode="numeric" aria-label={t('vol.birthDate')} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('vol.idNumber')} help={t('vol.idNumberHelp')} rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('vol.idNumberFormat') }]}>
          <Input placeholder={t('vol.optional')} aria-label={t('vol.idNumber')} />
        </Form.Item>
        <Form.Item name="skills" label={t('vol.skills')}>
          <Selector multiple columns={3} options={SKILLS.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
        <Form.Item name="serviceCategories" label={t('vol.categories')}>
          <Selector multiple columns={2} options={CATEGORIES.map((s) => ({ label: s, value: s }))} />
        </Form.Item>
        {/* Consent sits above the button that submits it (art. 6: entered only with consent). */}
        <div className="gz-vol-consent">
          <Checkbox checked={consent} onChange={(c) => { setConsent(c); setConsentError(false); }}>{t('vol.consent')}</Checkbox>
          {consentError && <div role="alert" className="gz-h5-error">{t('vol.consentRequired')}</div>}
        </div>
      </Form>
      {register.isError && <div role="alert" className="gz-h5-error">{errorText(register.error, t)}</div>}
    </section>
  );
}
