import { Alert, App, Button, InputNumber, Radio, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { PageShell } from '../../../components/page-shell';
import { QueryState } from '../../../components/states';
import { usePointsRules, useSavePointsRules, type EarningRule, type PointsRules, type RuleRow } from '../api/store-api';

const ALL_RULES: EarningRule[] = ['volunteer_hour', 'wish_fulfilled', 'deliberation_attended', 'activity_attended', 'proposal_adopted'];

/** 积分规则: what each contribution earns in this district, and how long points stay valid (district admin). */
export function RulesPage() {
  const { t } = useI18n();
  const rules = usePointsRules();
  return (
    <PageShell title={t('pointsRules.title')}>
      <QueryState query={rules}>{(data) => <RulesForm key={JSON.stringify(data)} saved={data} />}</QueryState>
    </PageShell>
  );
}

function RulesForm({ saved }: { saved: PointsRules }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSavePointsRules();
  // Every rule is shown; one the district never set starts switched off at 0.
  const [rows, setRows] = useState<RuleRow[]>(() =>
    ALL_RULES.map((rule) => saved.rules.find((r) => r.rule === rule) ?? { rule, pointsPerUnit: 0, active: false }),
  );
  const [expiryDays, setExpiryDays] = useState<number | null>(saved.expiryDays);
  const [error, setError] = useState<string | null>(null);
  const set = (rule: EarningRule, patch: Partial<RuleRow>) => setRows((rs) => rs.map((r) => (r.rule === rule ? { ...r, ...patch } : r)));

  const problem =
    rows.some((r) => r.active && !(r.pointsPerUnit >= 1)) ? t('pointsRules.activeNeedsPoints')
    : expiryDays !== null && !(expiryDays >= 1 && expiryDays <= 3660) ? t('pointsRules.expiryRange')
    : null;

  const submit = () => {
    setError(null);
    save.mutate(
      { rules: rows, expiryDays },
      { onSuccess: () => void message.success(t('pointsRules.saved')), onError: (err) => setError(errorText(err, t)) },
    );
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">{t('pointsRules.intro')}</Typography.Paragraph>
      <Table<RuleRow>
        rowKey="rule"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('pointsRules.col.rule'), dataIndex: 'rule', render: (r: EarningRule) => t(`points.rule.${r}`) },
          {
            title: t('pointsRules.col.points'),
            dataIndex: 'pointsPerUnit',
            width: 180,
            render: (v: number, r) => (
              <InputNumber aria-label={t('pointsRules.pointsFor', { rule: t(`points.rule.${r.rule}`) })} min={0} max={100000} precision={0} value={v}
                status={r.active && !(v >= 1) ? 'error' : undefined}
                onChange={(n) => set(r.rule, { pointsPerUnit: typeof n === 'number' ? n : 0 })} />
            ),
          },
          {
            title: t('pointsRules.col.active'),
            dataIndex: 'active',
            width: 110,
            render: (v: boolean, r) => (
              <Switch aria-label={t('pointsRules.activeFor', { rule: t(`points.rule.${r.rule}`) })} checked={v} onChange={(on) => set(r.rule, { active: on })} />
            ),
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('pointsRules.expiry')}</Typography.Title>
        <Space wrap>
          <Radio.Group value={expiryDays === null ? 'never' : 'days'} onChange={(e) => setExpiryDays(e.target.value === 'never' ? null : saved.expiryDays ?? 730)}
            options={[{ value: 'never', label: t('pointsRules.never') }, { value: 'days', label: t('pointsRules.afterDays') }]} />
          {expiryDays !== null && (
            <InputNumber aria-label={t('pointsRules.days')} min={1} max={3660} precision={0} value={expiryDays} suffix={t('pointsRules.daysUnit')}
              onChange={(n) => setExpiryDays(typeof n === 'number' ? n : 0)} status={problem === t('pointsRules.expiryRange') ? 'error' : undefined} />
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('pointsRules.expiryNote')}</Typography.Paragraph>
      </div>
      {problem && <Alert type="warning" showIcon title={problem} />}
      {error && <Alert type="error" showIcon title={error} />}
      <Button type="primary" onClick={submit} loading={save.isPending} disabled={problem !== null}>{t('common.save')}</Button>
    </Space>
  );
}
