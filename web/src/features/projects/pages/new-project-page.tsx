import { App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { api } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { formatFen, yuanToFen } from '../../../lib/format';
import { useSession } from '../../auth/api/get-session';
import { useProposeProject } from '../api/projects-api';

const CATEGORIES = ['elderly', 'children', 'disability', 'environment', 'culture', 'governance', 'safety', 'health', 'other'] as const;
const MANAGE = ['district_admin', 'street_admin', 'community_worker', 'commissioner'];
type Values = { placeId: number; title: string; category: string; goals: string; beneficiaries: string; lines: { item: string; yuan: number }[]; brand?: boolean };

/** 项目申报: goals, beneficiaries, place and budget lines; from a need on the demand list when opened with ?demandId=. */
export function NewProjectPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const propose = useProposeProject();
  const [form] = Form.useForm<Values>();
  const demandId = params.get('demandId') ? Number(params.get('demandId')) : null;
  const home = (session.data?.roles ?? []).find((r) => MANAGE.includes(r.role));
  // The place of a project is a community or a compound in one's reach: one's own, and the compounds under it.
  const children = useQuery({ queryKey: ['places', 'children', home?.placeId], enabled: !!home, queryFn: () => api<{ id: number; name: string; kind: string }[]>(`/api/places/${home!.placeId}/children`) });
  const placeOptions = [
    ...(home && ['community', 'compound'].includes(home.placeKind) ? [{ value: home.placeId, label: home.placeName }] : []),
    ...(children.data ?? []).filter((c) => c.kind === 'compound' || c.kind === 'community').map((c) => ({ value: c.id, label: c.name })),
  ];
  const lines = Form.useWatch('lines', form) ?? [];
  const total = lines.reduce((n, l) => n + (l?.yuan ? yuanToFen(l.yuan) : 0), 0);

  const submit = (v: Values) => propose.mutate({
    placeId: v.placeId, demandId, title: v.title, category: v.category, goals: v.goals, beneficiaries: v.beneficiaries, brand: v.brand ?? false,
    budgetLines: v.lines.map((l) => ({ item: l.item, amount: yuanToFen(l.yuan) })),
  }, { onSuccess: (p) => navigate(`/projects/${p.id}`), onError: (e) => void message.error(errorText(e, t)) });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 820 }}>
      <Typography.Title level={2}>{t('proj.new')}</Typography.Title>
      {demandId && <Typography.Text type="secondary">{t('proj.fromDemand', { id: demandId, title: params.get('title') ?? '' })}</Typography.Text>}
      <Card>
        <Form<Values> form={form} layout="vertical" onFinish={submit}
          initialValues={{ title: params.get('title') ?? '', placeId: params.get('placeId') ? Number(params.get('placeId')) : undefined, lines: [{ item: '', yuan: undefined }] }}>
          <Form.Item name="placeId" label={t('proj.place')} rules={[{ required: true, message: t('proj.placeRule') }]}><Select options={placeOptions} loading={children.isPending} /></Form.Item>
          <Form.Item name="title" label={t('proj.title')} rules={[{ required: true, min: 2, max: 80, message: t('proj.titleRule') }]}><Input maxLength={80} /></Form.Item>
          <Form.Item name="category" label={t('proj.category')} rules={[{ required: true, message: t('proj.categoryRule') }]}><Select options={CATEGORIES.map((c) => ({ value: c, label: t(`org.cat.${c}`) }))} /></Form.Item>
          <Form.Item name="goals" label={t('proj.goals')} rules={[{ required: true, message: t('proj.goalsRule') }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="beneficiaries" label={t('proj.beneficiaries')} rules={[{ required: true, message: t('proj.beneficiariesRule') }]}><Input maxLength={500} /></Form.Item>
          <div style={{ marginBottom: 8 }}><Typography.Text strong>{t('proj.budgetLines')}</Typography.Text></div>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'item']} rules={[{ required: true, message: t('proj.itemRule') }]}><Input aria-label={t('proj.item')} placeholder={t('proj.item')} maxLength={80} /></Form.Item>
                    <Form.Item name={[f.name, 'yuan']} rules={[{ required: true, type: 'number', min: 0.01, message: t('proj.amountRule') }]}>
                      <InputNumber aria-label={t('proj.amountYuan')} placeholder={t('proj.amountYuan')} precision={2} style={{ width: 180 }} />
                    </Form.Item>
                    {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('common.delete')}</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({ item: '', yuan: undefined })}>{t('proj.addLine')}</Button>
              </>
            )}
          </Form.List>
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('proj.total')}：<strong>{formatFen(total)}</strong> {t('proj.levelHint')}</Typography.Paragraph>
          <Form.Item name="brand" valuePropName="checked"><Checkbox>{t('proj.brand')}</Checkbox></Form.Item>
          <Button type="primary" htmlType="submit" loading={propose.isPending}>{t('proj.submit')}</Button>
        </Form>
      </Card>
    </Space>
  );
}
