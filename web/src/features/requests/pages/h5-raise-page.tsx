import { Button, Form, Input, List, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { newIdempotencyKey } from '../../../lib/idempotency';
import { MobileEmpty, MobileError, MobileLoading } from '../../../components/mobile-states';
import { useCategories } from '../api/list-categories';
import { useMyCompounds } from '../api/list-my-compounds';
import { useRaiseRequest } from '../api/raise-request';
import { REQUEST_TYPES, type RaiseFields, type RequestType, type Urgency } from '../api/types';
import { H5PhotoPicker } from '../components/h5-photo-picker';

interface Draft {
  compoundId?: number;
  categoryId?: number;
  type?: RequestType;
  description: string;
  locationText: string;
  urgency: Urgency;
  photoIds: string[];
}

/** 我要反映: fill in, check on a confirm step (no pop-ups, for the elders' mode), then send once. */
export function H5RaisePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const homes = useMyCompounds();
  const categories = useCategories();
  const raise = useRaiseRequest();
  const [draft, setDraft] = useState<Draft>({ description: '', locationText: '', urgency: 'normal', photoIds: [] });
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [confirmKey, setConfirmKey] = useState<string | null>(null); // set = on the confirm step
  const compounds = [...new Map((homes.data?.homes ?? []).map((h) => [h.compound.id, h.compound])).values()];

  // With one home there is nothing to choose.
  const compoundId = draft.compoundId ?? (compounds.length === 1 ? compounds[0]!.id : undefined);

  if (homes.isPending || categories.isPending) return <MobileLoading />;
  if (homes.isError) return <MobileError error={homes.error} onRetry={() => void homes.refetch()} />;
  if (categories.isError) return <MobileError error={categories.error} onRetry={() => void categories.refetch()} />;
  if (compounds.length === 0) return <MobileEmpty text={t('h5.raise.noHome')} />;

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const validate = () => {
    const e: typeof errors = {};
    if (!compoundId) e.compoundId = t('req.compoundRequired');
    if (!draft.categoryId) e.categoryId = t('req.categoryRequired');
    if (!draft.type) e.type = t('req.typeRequired');
    if (!draft.description.trim()) e.description = t('req.descriptionRequired');
    else if (draft.description.trim().length < 5) e.description = t('req.descriptionShort');
    setErrors(e);
    return Object.keys(e).length === 0;
  };
  const body = (): RaiseFields => ({
    compoundId: compoundId!,
    categoryId: draft.categoryId!,
    type: draft.type!,
    description: draft.description.trim(),
    locationText: draft.locationText.trim() || undefined,
    urgency: draft.urgency,
    photoIds: draft.photoIds,
  });
  const category = categories.data.find((c) => c.id === draft.categoryId);
  const compound = compounds.find((c) => c.id === compoundId);
  const fieldError = (k: keyof Draft) =>
    errors[k] && (
      <p className="gz-h5-field-error" role="alert">
        {errors[k]}
      </p>
    );

  if (confirmKey) {
    return (
      <section className="gz-h5-page" aria-labelledby="raise-confirm">
        <h2 id="raise-confirm" className="gz-h5-h2">{t('h5.raise.confirmTitle')}</h2>
        <List mode="card">
          <List.Item extra={compound?.name}>{t('req.compound')}</List.Item>
          <List.Item extra={category?.name}>{t('req.category')}</List.Item>
          <List.Item extra={draft.type && t(`req.type.${draft.type}`)}>{t('req.type')}</List.Item>
          <List.Item extra={t(`req.urgency.${draft.urgency}`)}>{t('req.urgency')}</List.Item>
          <List.Item description={draft.locationText.trim() || t('common.unknown')}>{t('req.location')}</List.Item>
          <List.Item description={<span className="gz-pre">{draft.description.trim()}</span>}>{t('req.description')}</List.Item>
          <List.Item extra={String(draft.photoIds.length)}>{t('req.photos')}</List.Item>
        </List>
        {raise.isError && (
          <div role="alert" className="gz-h5-error">
            {errorText(raise.error, t)}
            <br />
            {t('h5.raise.retryHint')}
          </div>
        )}
        <div className="gz-h5-actions">
          <Button
            block
            color="primary"
            size="large"
            loading={raise.isPending}
            loadingText={t('h5.raise.submitting')}
            onClick={() =>
              raise.mutate(
                { key: confirmKey, body: body() },
                { onSuccess: (r) => navigate(`/requests/${r.id}`, { state: { justRaised: true } }) },
              )
            }
          >
            {t('h5.raise.submit')}
          </Button>
          <Button block size="large" disabled={raise.isPending} onClick={() => { raise.reset(); setConfirmKey(null); }}>
            {t('h5.raise.edit')}
          </Button>
        </div>
      </section>
    );
  }

  return (
    <section className="gz-h5-page" aria-labelledby="raise-title">
      <h2 id="raise-title" className="gz-h5-h2">{t('h5.raise.title')}</h2>
      <Form layout="vertical" mode="card">
        {compounds.length > 1 && (
          <Form.Item label={t('req.compound')} required>
          <div>
            <Selector
              columns={1}
              value={draft.compoundId ? [draft.compoundId] : []}
              onChange={(v) => set('compoundId', v[0])}
              options={compounds.map((c) => ({ value: c.id, label: c.name }))}
            />
            {fieldError('compoundId')}
          </div>
        </Form.Item>
        )}
        <Form.Item label={t('req.category')} required>
          <div>
          <Selector
            columns={2}
            value={draft.categoryId ? [draft.categoryId] : []}
            onChange={(v) => set('categoryId', v[0])}
            options={categories.data.filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
          />
            {fieldError('categoryId')}
          </div>
        </Form.Item>
        <Form.Item label={t('req.type')} required>
          <div>
          <Selector
            columns={3}
            value={draft.type ? [draft.type] : []}
            onChange={(v) => set('type', v[0])}
            options={REQUEST_TYPES.map((x) => ({ value: x, label: t(`req.type.${x}`) }))}
          />
            {fieldError('type')}
          </div>
        </Form.Item>
        <Form.Item label={t('req.description')} required>
          <div>
          <TextArea
            id="raise-description"
            placeholder={t('req.description')}
            value={draft.description}
            onChange={(v) => set('description', v)}
            rows={4}
            maxLength={2000}
            showCount
          />
            {fieldError('description')}
          </div>
        </Form.Item>
        <Form.Item label={t('req.location')}>
          <Input
            id="raise-location"
            value={draft.locationText}
            onChange={(v) => set('locationText', v)}
            maxLength={200}
            placeholder={t('req.locationPlaceholder')}
          />
        </Form.Item>
        <Form.Item label={t('req.urgency')}>
          <Selector
            columns={2}
            value={[draft.urgency]}
            onChange={(v) => v[0] && set('urgency', v[0])}
            options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: t(`req.urgency.${u}`) }))}
          />
        </Form.Item>
        <Form.Item label={`${t('req.photos')}（${t('req.photosHint')}）`}>
          <H5PhotoPicker onChange={(ids) => set('photoIds', ids)} />
        </Form.Item>
      </Form>
      <div className="gz-h5-actions">
        <Button block color="primary" size="large" onClick={() => {
            if (validate()) setConfirmKey(newIdempotencyKey());
          }}>
          {t('h5.raise.next')}
        </Button>
      </div>
    </section>
  );
}
