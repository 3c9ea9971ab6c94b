import '../store.css';
import { Button, Card, Form, Input, Selector, Stepper, Tag, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useApplyMerchant, useCreateListing, useMerchantListings, useMyMerchants, useMyPlaces, useUpdateListing, type Merchant } from '../api/store-api';

/** 我的店铺: a merchant or skilled resident (达人) applies, and once approved lists goods or services, restocks and withdraws. */
export function H5ShopPage() {
  const { t } = useI18n();
  const mine = useMyMerchants();
  const [applying, setApplying] = useState(false);
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <section className="gz-h5-page" aria-labelledby="shop-title">
      <h2 id="shop-title" className="gz-h5-h2">{t('store.myShop')}</h2>
      {mine.data.items.map((m) => <ShopCard key={m.id} merchant={m} />)}
      {mine.data.items.length === 0 && !applying && <MobileEmpty text={t('store.noShop')} />}
      {applying ? <ApplyForm onDone={() => setApplying(false)} /> : (
        <div className="gz-pts-links"><Button color="primary" onClick={() => setApplying(true)}>{t('store.apply')}</Button></div>
      )}
    </section>
  );
}

function ShopCard({ merchant: m }: { merchant: Merchant }) {
  const { t } = useI18n();
  const listings = useMerchantListings(m.status === 'approved' || m.status === 'suspended' ? m.id : undefined);
  const update = useUpdateListing();
  const color = m.status === 'approved' ? '#1f6100' : m.status === 'pending' ? '#0958d9' : '#595959';
  return (
    <Card className="gz-store-card" title={m.name} extra={<Tag color={color} className="gz-status">{t(`store.status.${m.status}`)}</Tag>}>
      <p className="gz-store-meta">{t(`store.merchantKind.${m.kind}`)} · {m.place.name}</p>
      {m.decisionNote && <p className="gz-store-meta">{t('store.reason')}：{m.decisionNote}</p>}
      {update.isError && <div role="alert" className="gz-h5-error">{errorText(update.error, t)}</div>}
      {listings.data?.items.map((l) => (
        <div key={l.id} className="gz-store-row">
          <span>{l.title} · {t('store.price', { points: l.pricePoints })} · {t('store.stock', { stock: l.stock })}{l.status === 'withdrawn' ? ` · ${t('store.listingStatus.withdrawn')}` : ''}</span>
          <Button size="small" onClick={() => update.mutate({ id: l.id, patch: { stockDelta: 10 } })}>{t('store.restock')}</Button>
          <Button size="small" onClick={() => update.mutate({ id: l.id, patch: { status: l.status === 'active' ? 'withdrawn' : 'active' } })}>
            {l.status === 'active' ? t('store.withdraw') : t('store.putBack')}
          </Button>
        </div>
      ))}
      {m.status === 'approved' && <NewListing merchantId={m.id} />}
    </Card>
  );
}

function NewListing({ merchantId }: { merchantId: number }) {
  const { t } = useI18n();
  const create = useCreateListing();
  const [form] = Form.useForm();
  return (
    <Form
      form={form}
      layout="horizontal"
      onFinish={(v: { kind: ['goods' | 'service']; title: string; pricePoints: number; stock: number; description?: string }) =>
        create.mutate({ merchantId, body: { kind: v.kind[0], title: v.title.trim(), description: (v.description ?? '').trim(), pricePoints: v.pricePoints, stock: v.stock } }, { onSuccess: () => form.resetFields() })}
      footer={<Button block type="submit" color="primary" loading={create.isPending}>{t('store.addListing')}</Button>}
      initialValues={{ kind: ['goods'], pricePoints: 10, stock: 1 }}
    >
      <Form.Header>{t('store.addListing')}</Form.Header>
      <Form.Item name="kind" label={t('store.col.kind')}><Selector options={[{ value: 'goods', label: t('store.listingKind.goods') }, { value: 'service', label: t('store.listingKind.service') }]} /></Form.Item>
      <Form.Item name="title" label={t('store.col.name')} rules={[{ required: true, whitespace: true, message: t('store.titleRequired') }, { max: 60 }]}><Input aria-label={t('store.col.name')} maxLength={60} /></Form.Item>
      <Form.Item name="description" label={t('store.description')}><TextArea aria-label={t('store.description')} maxLength={500} rows={2} /></Form.Item>
      <Form.Item name="pricePoints" label={t('store.col.price')}><Stepper min={1} max={1_000_000} aria-label={t('store.col.price')} /></Form.Item>
      <Form.Item name="stock" label={t('store.col.stock')}><Stepper min={0} max={1_000_000} aria-label={t('store.col.stock')} /></Form.Item>
      {create.isError && <div role="alert" className="gz-h5-error">{errorText(create.error, t)}</div>}
    </Form>
  );
}

function ApplyForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const places = useMyPlaces();
  const apply = useApplyMerchant();
  if (places.isPending) return <MobileLoading />;
  if (places.isError) return <MobileError error={places.error} onRetry={() => void places.refetch()} />;
  if (places.data.length === 0) return <MobileEmpty text={t('store.applyNoPlace')} />;
  return (
    <Form
      layout="vertical"
      initialValues={{ kind: ['talent'], place: [places.data[0]!.id] }}
      onFinish={(v: { kind: ['merchant' | 'talent']; place: [number]; name: string; description?: string; address?: string }) =>
        apply.mutate({ kind: v.kind[0], placeId: v.place[0], name: v.name.trim(), description: (v.description ?? '').trim(), address: v.address?.trim() || null }, { onSuccess: onDone })}
      footer={<Button block type="submit" color="primary" loading={apply.isPending}>{t('store.submitApply')}</Button>}
    >
      <Form.Header>{t('store.apply')}</Form.Header>
      <Form.Item name="kind" label={t('store.col.kind')}><Selector options={[{ value: 'talent', label: t('store.merchantKind.talent') }, { value: 'merchant', label: t('store.merchantKind.merchant') }]} /></Form.Item>
      <Form.Item name="place" label={t('store.col.place')}><Selector options={places.data.map((p) => ({ value: p.id, label: p.name }))} /></Form.Item>
      <Form.Item name="name" label={t('store.col.name')} rules={[{ required: true, whitespace: true, message: t('store.nameRequired') }, { max: 60 }]}><Input aria-label={t('store.col.name')} maxLength={60} /></Form.Item>
      <Form.Item name="description" label={t('store.description')}><TextArea aria-label={t('store.description')} maxLength={500} rows={3} /></Form.Item>
      <Form.Item name="address" label={t('store.address')}><Input aria-label={t('store.address')} maxLength={200} /></Form.Item>
      {apply.isError && <div role="alert" className="gz-h5-error">{errorText(apply.error, t)}</div>}
    </Form>
  );
}
