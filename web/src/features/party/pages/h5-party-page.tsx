import '../party.css';
import { Button, Card, Checkbox, Form, Input, Selector } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { hours, useClaimTask, useMyParty, useRegister, useWithdraw, type MyParty } from '../api/party-api';

/** 双报到: an in-service party member registers at the community they live in, then sees their service record. */
export function H5PartyPage() {
  const { t } = useI18n();
  const mine = useMyParty();
  let body;
  if (mine.isPending) body = <MobileLoading />;
  else if (mine.isError) body = <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  else {
    const reg = mine.data.registration;
    body = !reg || reg.status === 'withdrawn' || reg.status === 'rejected'
      ? <>{reg && <p className="gz-h5-error" role="status">{t(`party.status.${reg.status}`)}{reg.reviewNote ? `：${reg.reviewNote}` : ''}</p>}<RegisterForm data={mine.data} /></>
      : <Record data={mine.data} />;
  }
  return (
    <section className="gz-h5-page" aria-labelledby="party-title">
      <h2 id="party-title" className="gz-h5-h2">{t('party.h5.title')}</h2>
      {body}
    </section>
  );
}

interface Values { communityId: number[]; unit: string[]; unitName?: string; branch?: string }

function RegisterForm({ data }: { data: MyParty }) {
  const { t } = useI18n();
  const register = useRegister();
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const [form] = Form.useForm<Values>();
  const [communityId, setCommunityId] = useState<number | undefined>(data.homes[0]?.id);
  const units = data.homes.find((h) => h.id === communityId)?.units ?? [];
  if (data.homes.length === 0) return <MobileEmpty text={t('party.h5.noHome')} />;

  const submit = (v: Values) => {
    if (!consent) return setConsentError(true);
    const unitId = v.unit?.[0] && v.unit[0] !== 'other' ? Number(v.unit[0]) : undefined;
    const unitName = unitId ? units.find((u) => u.id === unitId)!.name : (v.unitName ?? '').trim();
    register.mutate({ communityId: communityId!, unitId, unitName, branch: v.branch?.trim() || undefined, consent });
  };
  return (
    <>
      <p className="gz-party-meta" style={{ margin: '0 16px 8px' }}>{t('party.h5.intro')}</p>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ communityId: communityId ? [communityId] : [], unit: [] }}
        footer={<Button block type="submit" color="primary" loading={register.isPending}>{t('party.h5.submit')}</Button>}>
        <Form.Item name="communityId" label={t('party.h5.home')} rules={[{ required: true, message: t('party.chooseCommunity') }]}>
          <Selector columns={1} options={data.homes.map((h) => ({ label: h.name, value: h.id }))} onChange={(v) => setCommunityId(v[0])} />
        </Form.Item>
        <Form.Item name="unit" label={t('party.workUnit')} help={t('party.h5.unitHelp')} rules={[{ required: true, message: t('party.h5.unitRule') }]}>
          <Selector columns={1} options={[...units.map((u) => ({ label: u.name, value: String(u.id) })), { label: t('party.h5.otherUnit'), value: 'other' }]} />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.unit !== b.unit}>
          {({ getFieldValue }) => (getFieldValue('unit') as string[] | undefined)?.[0] === 'other' ? (
            <Form.Item name="unitName" label={t('party.h5.unitName')} rules={[{ required: true, min: 2, max: 60, message: t('party.unitNameRule') }]}>
              <Input aria-label={t('party.h5.unitName')} maxLength={60} />
            </Form.Item>
          ) : null}
        </Form.Item>
        <Form.Item name="branch" label={t('party.branch')} rules={[{ min: 2, max: 60, message: t('party.h5.branchRule') }]}>
          <Input aria-label={t('party.branch')} placeholder={t('party.h5.optional')} maxLength={60} />
        </Form.Item>
        {/* Party membership is sensitive: separate consent, right above the button that submits it (PIPL art. 29). */}
        <div className="gz-party-consent">
          <Checkbox checked={consent} onChange={(c) => { setConsent(c); setConsentError(false); }}>{t('party.h5.consent')}</Checkbox>
          {consentError && <div role="alert" className="gz-h5-error">{t('party.h5.consentRequired')}</div>}
        </div>
      </Form>
      {register.isError && <div role="alert" className="gz-h5-error" style={{ margin: '8px 12px' }}>{errorText(register.error, t)}</div>}
    </>
  );
}

function Record({ data }: { data: MyParty }) {
  const { t } = useI18n();
  const reg = data.registration!;
  const claim = useClaimTask();
  const withdraw = useWithdraw();
  const [confirming, setConfirming] = useState(false);
  const r = data.record;
  return (
    <>
      <Card className="gz-party-card" title={reg.community.name} extra={<span className="gz-party-status" data-testid="party-status">{t(`party.status.${reg.status}`)}</span>}>
        <p className="gz-party-meta">{t('party.workUnit')}：{reg.unitName}{reg.branch ? ` · ${reg.branch}` : ''}</p>
        <p className="gz-party-meta">{t('party.registeredAt')}：{formatDateTime(reg.createdAt)}</p>
        {reg.status === 'pending' && <p className="gz-party-meta">{t('party.h5.waiting')}</p>}
      </Card>
      <h3 className="gz-h5-h3">{t('party.h5.record')}</h3>
      <div className="gz-party-figures">
        <div className="gz-party-figure"><strong>{r.wishesClaimed}</strong>{t('party.wishesClaimed')}</div>
        <div className="gz-party-figure"><strong>{r.wishesFulfilled}</strong>{t('party.wishesFulfilled')}</div>
        <div className="gz-party-figure"><strong data-testid="party-hours">{hours(r.serviceMinutes)}</strong>{t('party.serviceHours')}</div>
      </div>
      {r.services.map((s) => (
        <Card key={s.taskId} className="gz-party-card" title={s.title} extra={s.status === 'done' ? t('party.minutes', { n: s.minutes ?? 0 }) : t('party.h5.claimed')}>
          <p className="gz-party-meta">{formatDateTime(s.startsAt)}</p>
        </Card>
      ))}
      {reg.status === 'approved' && (
        <>
          <h3 className="gz-h5-h3">{t('party.h5.tasks')}</h3>
          {data.tasks.length === 0 ? <MobileEmpty text={t('party.noTasks')} /> : data.tasks.map((x) => (
            <Card key={x.id} className="gz-party-card" title={x.title} extra={`${x.taken}/${x.slots}`}>
              {x.description && <p className="gz-party-meta">{x.description}</p>}
              <p className="gz-party-meta">{formatDateTime(x.startsAt)}</p>
              {x.claimedByMe ? <p className="gz-party-meta">{t('party.h5.claimed')}</p> : (
                <Button color="primary" size="small" disabled={x.taken >= x.slots} loading={claim.isPending && claim.variables === x.id} onClick={() => claim.mutate(x.id)}>{t('party.h5.claim')}</Button>
              )}
            </Card>
          ))}
          {claim.isError && <div role="alert" className="gz-h5-error" style={{ margin: '8px 12px' }}>{errorText(claim.error, t)}</div>}
          <p className="gz-party-meta" style={{ margin: '8px 16px' }}>{t('party.h5.wishHint')} <a href="/h5/wall">{t('party.h5.toWall')}</a></p>
        </>
      )}
      {/* No pop-up (适老化): a second, explicit button confirms. */}
      <div className="gz-h5-actions">
        {confirming ? (
          <>
            <p className="gz-party-meta" role="status">{t('party.h5.withdrawConfirm')}</p>
            <Button color="danger" onClick={() => withdraw.mutate()} loading={withdraw.isPending}>{t('party.h5.withdraw')}</Button>
            <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          </>
        ) : (
          <Button onClick={() => setConfirming(true)}>{t('party.h5.withdraw')}</Button>
        )}
        {withdraw.isError && <div role="alert" className="gz-h5-error">{errorText(withdraw.error, t)}</div>}
      </div>
    </>
  );
}
