import '../wishes.css';
import { Button, Checkbox, Form, Input, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { newIdempotencyKey } from '../../../lib/idempotency';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useMyCompounds } from '../../requests/api/list-my-compounds';
import { MAX_WISH_VALUE_FEN, usePostWish, WISH_CATEGORIES, type WishCategory } from '../api/wishes-api';
import { WishPhotoPicker } from '../components/wish-photo-picker';

const DEADLINE_DAYS = [7, 14, 30, 60, 90];
const DAY = 24 * 60 * 60 * 1000;

/** "12.5" → 1250 fen; anything that is not a positive amount with at most two decimals → null. */
export function yuanToFen(text: string): number | null {
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(text.trim())) return null;
  const fen = Math.round(Number(text.trim()) * 100);
  return fen > 0 && fen <= MAX_WISH_VALUE_FEN ? fen : null;
}

/** 发布微心愿: nothing about the recipient is public unless each consent box is ticked. */
export function H5PostWishPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const homes = useMyCompounds();
  const post = usePostWish();
  const [key] = useState(newIdempotencyKey);
  const [compoundId, setCompoundId] = useState<number>();
  const [category, setCategory] = useState<WishCategory>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [value, setValue] = useState('');
  const [days, setDays] = useState(30);
  const [address, setAddress] = useState('');
  const [showName, setShowName] = useState(false);
  const [showAddress, setShowAddress] = useState(false);
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  if (homes.isPending) return <MobileLoading />;
  if (homes.isError) return <MobileError error={homes.error} onRetry={() => void homes.refetch()} />;
  const compounds = [...new Map(homes.data.homes.map((h) => [h.compound.id, h.compound])).values()];
  if (compounds.length === 0) return <MobileEmpty text={t('wish.noHome')} />;
  const chosen = compoundId ?? (compounds.length === 1 ? compounds[0]!.id : undefined);

  const submit = () => {
    const e: Record<string, string> = {};
    const fen = yuanToFen(value);
    if (!chosen) e.compound = t('req.compoundRequired');
    if (!category) e.category = t('req.categoryRequired');
    if (title.trim().length < 2) e.title = t('wish.titleRequired');
    if (description.trim().length < 5) e.description = t('wish.descriptionRequired');
    if (fen === null) e.value = t('wish.valueInvalid');
    setErrors(e);
    if (Object.keys(e).length) return;
    post.mutate(
      {
        key,
        body: {
          compoundId: chosen!, category: category!, title: title.trim(), description: description.trim(), valueFen: fen!,
          deadline: new Date(Date.now() + days * DAY).toISOString(), photoIds, addressText: address.trim() || null, consent: { showName, showAddress },
        },
      },
      { onSuccess: () => navigate('/wishes', { state: { justPosted: true } }) },
    );
  };
  const err = (k: string) => errors[k] && <p className="gz-h5-field-error" role="alert">{errors[k]}</p>;

  return (
    <section className="gz-h5-page" aria-labelledby="wish-post-title">
      <h2 id="wish-post-title" className="gz-h5-h2">{t('wish.postTitle')}</h2>
      <Form layout="vertical" mode="card">
        {compounds.length > 1 && (
          <Form.Item label={t('wish.compound')} required>
            <div>
              <Selector columns={1} value={chosen ? [chosen] : []} onChange={(v) => setCompoundId(v[0])} options={compounds.map((c) => ({ value: c.id, label: c.name }))} />
              {err('compound')}
            </div>
          </Form.Item>
        )}
        <Form.Item label={t('wish.category')} required>
          <div>
            <Selector columns={3} value={category ? [category] : []} onChange={(v) => setCategory(v[0])} options={WISH_CATEGORIES.map((c) => ({ value: c, label: t(`wish.category.${c}`) }))} />
            {err('category')}
          </div>
        </Form.Item>
        <Form.Item label={t('wish.title')} required>
          <div>
            <Input aria-label={t('wish.title')} placeholder={t('wish.titlePlaceholder')} value={title} onChange={setTitle} maxLength={40} />
            {err('title')}
          </div>
        </Form.Item>
        <Form.Item label={t('wish.description')} required>
          <div>
            <TextArea aria-label={t('wish.description')} placeholder={t('wish.descriptionPlaceholder')} value={description} onChange={setDescription} maxLength={500} rows={3} showCount />
            {err('description')}
          </div>
        </Form.Item>
        <Form.Item label={t('wish.value')} required>
          <div>
            <Input aria-label={t('wish.value')} inputMode="decimal" placeholder="480" value={value} onChange={setValue} />
            {err('value')}
          </div>
        </Form.Item>
        <Form.Item label={t('wish.deadline')}>
          <Selector columns={3} value={[days]} onChange={(v) => v[0] && setDays(v[0])} options={DEADLINE_DAYS.map((n) => ({ value: n, label: t('wish.deadlineDays', { n }) }))} />
        </Form.Item>
        <Form.Item label={t('wish.address')}>
          <Input aria-label={t('wish.address')} placeholder={t('wish.addressPlaceholder')} value={address} onChange={setAddress} maxLength={100} />
        </Form.Item>
        <Form.Item label={t('wish.consentTitle')}>
          <div className="gz-wish-consent">
            <Checkbox checked={showName} onChange={setShowName}>{t('wish.consentName')}</Checkbox>
            <Checkbox checked={showAddress} onChange={setShowAddress}>{t('wish.consentAddress')}</Checkbox>
            <p className="gz-wish-note">{t('wish.consentHint')}</p>
          </div>
        </Form.Item>
        <Form.Item label={t('wish.photos')}>
          <WishPhotoPicker purpose="wish" label={t('wish.photos')} onChange={setPhotoIds} />
        </Form.Item>
      </Form>
      {post.isError && <div role="alert" className="gz-h5-error">{errorText(post.error, t)}</div>}
      <div className="gz-h5-actions">
        <Button block color="primary" size="large" loading={post.isPending} onClick={submit}>{t('wish.submit')}</Button>
      </div>
    </section>
  );
}
