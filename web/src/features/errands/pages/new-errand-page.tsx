import { Alert, App, Button, Card, Flex, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { PageShell } from '../../../components/page-shell';
import { useSearchCompounds } from '../api/search-compounds';
import { useSearchResidents } from '../api/search-residents';
import { useCreateErrand } from '../api/create-errand';
import type { ChecklistKind } from '../api/types';

interface Values {
  compoundId?: number;
  residentId?: number;
  title?: string;
  checklist?: { item?: string; kind: ChecklistKind }[];
}

/** 登记代办: for a resident in a special group, with the documents to gather and the steps to go through. */
export function NewErrandPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [compoundQ, setCompoundQ] = useState('');
  const [residentQ, setResidentQ] = useState('');
  const compoundId = Form.useWatch('compoundId', form);
  const compounds = useSearchCompounds(compoundQ);
  const residents = useSearchResidents(compoundId, residentQ);
  const create = useCreateErrand();

  const submit = (v: Values) => {
    setBanner(null);
    create.mutate(
      {
        compoundId: v.compoundId!,
        residentId: v.residentId!,
        title: v.title!.trim(),
        checklist: (v.checklist ?? []).map((c) => ({ item: c.item!.trim(), kind: c.kind })),
      },
      {
        onSuccess: (e) => {
          void message.success(t('errand.created'));
          navigate(`/errands/${e.id}`);
        },
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };

  return (
    <PageShell title={t('errand.new')} extra={<Link to="/errands">{t('common.back')}</Link>}>
      <Card style={{ maxWidth: 760 }}>
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ checklist: [{ kind: 'document' }, { kind: 'step' }] }}
          onValuesChange={(changed: Values) => {
            // Another compound: the chosen resident no longer fits.
            if ('compoundId' in changed) form.setFieldValue('residentId', undefined);
          }}
        >
          <Form.Item name="compoundId" label={t('errand.compound')} rules={[{ required: true, message: t('errand.compoundRequired') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setCompoundQ }}
              placeholder={t('errand.compoundSearch')}
              loading={compounds.isFetching}
              notFoundContent={compoundQ ? undefined : null}
              options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: [...c.pathNames.slice(-2), c.name].join(' / ') }))}
            />
          </Form.Item>
          <Form.Item name="residentId" label={t('errand.resident')} extra={t('errand.residentHint')} rules={[{ required: true, message: t('errand.residentRequired') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setResidentQ }}
              disabled={!compoundId}
              placeholder={compoundId ? t('errand.residentSearch') : t('errand.pickCompoundFirst')}
              loading={residents.isFetching}
              options={(residents.data ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.phoneMasked}` }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('errand.item')} rules={[{ required: true, whitespace: true, message: t('errand.itemRequired') }]}>
            <Input maxLength={100} placeholder={t('errand.itemPlaceholder')} />
          </Form.Item>
          <Form.List
            name="checklist"
            rules={[{ validator: (_, v?: unknown[]) => (v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('errand.checklistRequired')))) }]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label={t('errand.checklist')} required>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="start">
                    <Form.Item name={[f.name, 'kind']} style={{ width: 100, marginBottom: 8 }}>
                      <Select aria-label={t('errand.kind')} options={(['document', 'step'] as const).map((k) => ({ value: k, label: t(`errand.kind.${k}`) }))} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'item']}
                      style={{ flex: 1, marginBottom: 8 }}
                      rules={[{ required: true, whitespace: true, message: t('errand.checklistItemRequired') }]}
                    >
                      <Input maxLength={200} aria-label={`${t('errand.checklist')} ${i + 1}`} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)} aria-label={t('errand.checklistRemove')}>
                      −
                    </Button>
                  </Flex>
                ))}
                <Button type="dashed" onClick={() => add({ kind: 'document' })} disabled={fields.length >= 30} block>
                  {t('errand.checklistAdd')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </PageShell>
  );
}
