import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDate, formatDateTime, formatFen, yuanToFen } from '../../../lib/format';
import { ErrorState, LoadingState } from '../../../components/states';
import { useSession } from '../../auth/api/get-session';
import { useAllOrganisations, useDirectoryFor, useFundsInReach, useMyOrganisations, useProject, useProjectStep, type Application, type Project } from '../api/projects-api';
import { AMBER, STATUS_COLOR } from './projects-page';
import { AllocationsCard, ObjectionsCard, ReportMedia, ReportMediaFields } from './project-gaps';

const MANAGE = ['district_admin', 'street_admin', 'community_worker', 'commissioner'];
const SCORERS = ['district_admin', 'street_admin', 'community_worker', 'facilitator'];
const DEFAULT_RUBRIC = [{ key: 'need', label: '需求契合度', max: 40 }, { key: 'plan', label: '方案可行性', max: 40 }, { key: 'team', label: '团队能力', max: 20 }];

/** One project, step by step: 立项 → 拨付 → 采购（直接委托 / 公益创投）→ 合同 → 进展 → 评估 → 支付 → 结项. */
export function ProjectPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const project = useProject(id);
  const session = useSession();
  const roles = (session.data?.roles ?? []).map((r) => r.role as string);
  if (project.isPending) return <LoadingState />;
  if (project.isError) return <ErrorState error={project.error} onRetry={() => void project.refetch()} />;
  const p = project.data;
  const can = { manage: roles.some((r) => MANAGE.includes(r)), score: roles.some((r) => SCORERS.includes(r)), deliver: roles.includes('org_staff') };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>
        {p.title} <Tag color={STATUS_COLOR[p.status]}>{t(`proj.status.${p.status}`)}</Tag>{p.brand && <Tag color="magenta">{t('proj.brand')}</Tag>}
      </Typography.Title>
      <Overview p={p} />
      {p.status === 'proposed' && <ApprovalStep p={p} />}
      {can.manage && ['approved', 'procuring', 'awarded', 'contracted', 'evaluated'].includes(p.status) && <FundingStep p={p} />}
      {can.manage && p.status === 'approved' && <ProcurementStep p={p} />}
      <AllocationsCard p={p} />
      {p.round && <RoundStep p={p} can={can} />}
      <ObjectionsCard p={p} canAnswer={can.manage} />
      {can.manage && p.status === 'awarded' && <ContractStep p={p} />}
      {p.contract && <TranchesStep p={p} can={can} />}
      {p.contract && <ReportsStep p={p} can={can} />}
      {p.contract && <EvaluationStep p={p} can={can} />}
    </Space>
  );
}

function useStep(id: number) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const step = useProjectStep(id);
  const run = (path: string, body?: unknown, money = false, done?: () => void) =>
    step.mutate({ path, body, money }, { onSuccess: () => { void message.success(t('proj.done')); done?.(); }, onError: (e) => void message.error(errorText(e, t)) });
  return { run, pending: step.isPending };
}

function Overview({ p }: { p: Project }) {
  const { t } = useI18n();
  return (
    <Card size="small">
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('proj.place')}>{p.place.name}</Descriptions.Item>
        <Descriptions.Item label={t('proj.category')}>{t(`org.cat.${p.category}` as never)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.level')}>{t(`proj.level.${p.approvalLevel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.budget')}>{formatFen(p.budgetTotal)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.allocated')}>{formatFen(p.allocated)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.paid')}>{formatFen(p.paid)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.balance')}>{formatFen(p.balance)}</Descriptions.Item>
        <Descriptions.Item label={t('proj.organisation')}>{p.organisation?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('proj.publicPage')}><a href={`/public/projects/${p.id}`} target="_blank" rel="noreferrer">{`/public/projects/${p.id}`}</a></Descriptions.Item>
        <Descriptions.Item label={t('proj.goals')} span={3}>{p.goals}</Descriptions.Item>
        <Descriptions.Item label={t('proj.beneficiaries')} span={3}>{p.beneficiaries}</Descriptions.Item>
        <Descriptions.Item label={t('proj.budgetLines')} span={3}>{p.budgetLines.map((l) => `${l.item} ${formatFen(l.amount)}`).join('；')}</Descriptions.Item>
        {p.decisionNote && <Descriptions.Item label={t('proj.decisionNote')} span={3}>{p.decisionNote}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function ApprovalStep({ p }: { p: Project }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const [note, setNote] = useState('');
  return (
    <Card size="small" title={t('proj.step.approval')}>
      {p.canApprove ? (
        <Space wrap>
          <Input aria-label={t('proj.decisionNote')} placeholder={t('proj.decisionNote')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 320 }} maxLength={300} />
          <Button type="primary" loading={pending} onClick={() => run('decision', { decision: 'approve', note: note || undefined })}>{t('proj.approve')}</Button>
          <Button danger loading={pending} onClick={() => run('decision', { decision: 'reject', note: note || undefined })}>{t('proj.reject')}</Button>
        </Space>
      ) : <Typography.Text type="secondary">{t('proj.waitApproval', { level: t(`proj.level.${p.approvalLevel}`) })}</Typography.Text>}
    </Card>
  );
}

function FundingStep({ p }: { p: Project }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const funds = useFundsInReach(true);
  const [form] = Form.useForm<{ mode: 'matched' | 'single'; fundId?: number; yuan: number }>();
  const mode = Form.useWatch('mode', form);
  const left = p.budgetTotal - p.allocated;
  if (left <= 0) return null;
  return (
    <Card size="small" title={t('proj.step.funding')}>
      <Form form={form} layout="inline" initialValues={{ mode: 'matched', yuan: left / 100 }} style={{ rowGap: 8 }}
        onFinish={(v) => run('allocations', { mode: v.mode, fundId: v.mode === 'single' ? v.fundId : undefined, amount: yuanToFen(v.yuan) }, true)}>
        <Form.Item name="mode"><Radio.Group options={[{ value: 'matched', label: t('proj.matched') }, { value: 'single', label: t('proj.single') }]} /></Form.Item>
        {mode === 'single' && (
          <Form.Item name="fundId" rules={[{ required: true, message: t('proj.fundRule') }]}>
            <Select aria-label={t('proj.fund')} placeholder={t('proj.fund')} style={{ width: 240 }} options={(funds.data ?? []).map((f) => ({ value: f.id, label: `${f.name}（${formatFen(f.balance)}）` }))} />
          </Form.Item>
        )}
        <Form.Item name="yuan" label={t('proj.amountYuan')} rules={[{ required: true, type: 'number', min: 0.01, message: t('proj.amountRule') }]}><InputNumber precision={2} style={{ width: 160 }} /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" loading={pending}>{t('proj.allocate')}</Button></Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('proj.matchHint', { left: formatFen(left) })}</Typography.Paragraph>
    </Card>
  );
}

function ProcurementStep({ p }: { p: Project }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const directory = useDirectoryFor(p.category, true);
  const [org, setOrg] = useState<number | undefined>();
  const [call, setCall] = useState('');
  return (
    <Card size="small" title={t('proj.step.procurement')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{t('proj.direct')}</Typography.Text>
          <Select aria-label={t('proj.directoryOrg')} placeholder={t('proj.directoryOrg')} style={{ width: 260 }} value={org} onChange={setOrg}
            notFoundContent={t('proj.directoryEmpty')} options={(directory.data ?? []).map((d) => ({ value: d.organisation.id, label: d.organisation.name }))} />
          <Button disabled={!org} loading={pending} onClick={() => run('award-direct', { organisationId: org })}>{t('proj.awardDirect')}</Button>
        </Space>
        <Space wrap align="start">
          <Typography.Text strong>{t('proj.round')}</Typography.Text>
          <Input.TextArea aria-label={t('proj.call')} placeholder={t('proj.callHint')} value={call} onChange={(e) => setCall(e.target.value)} rows={2} style={{ width: 420 }} maxLength={2000} />
          <Button type="primary" disabled={!call.trim()} loading={pending} onClick={() => run('round', { call: call.trim(), rubric: DEFAULT_RUBRIC })}>{t('proj.openRound')}</Button>
        </Space>
        <Typography.Text type="secondary">{t('proj.rubricHint', { rubric: DEFAULT_RUBRIC.map((r) => `${r.label} ${r.max}`).join('、') })}</Typography.Text>
      </Space>
    </Card>
  );
}

function ScoreForm({ p, a }: { p: Project; a: Application }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const [form] = Form.useForm<Record<string, number>>();
  return (
    <Form form={form} layout="inline" onFinish={(v) => run(`round/applications/${a.id}/scores`, { scores: v })}>
      {p.round!.rubric.map((c) => (
        <Form.Item key={c.key} name={c.key} rules={[{ required: true, type: 'integer', min: 0, max: c.max, message: `0–${c.max}` }]}>
          <InputNumber aria-label={`${c.label}（${c.max}）`} placeholder={`${c.label} ≤${c.max}`} min={0} max={c.max} style={{ width: 130 }} />
        </Form.Item>
      ))}
      <Form.Item><Button htmlType="submit" loading={pending}>{t('proj.submitScore')}</Button></Form.Item>
    </Form>
  );
}

function RoundStep({ p, can }: { p: Project; can: { manage: boolean; score: boolean; deliver: boolean } }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const r = p.round!;
  const mine = useMyOrganisations(can.deliver && r.status === 'open');
  // A project manager may enter an application on an organisation's behalf (a paper application, or a group without a sign-in).
  const all = useAllOrganisations(can.manage && !can.deliver && r.status === 'open');
  const applicants = can.deliver ? (mine.data ?? []) : (all.data?.items ?? []);
  const [form] = Form.useForm<{ organisationId: number; proposal: string; yuan: number }>();
  return (
    <Card size="small" title={`${t('proj.round')} · ${t(`proj.roundStatus.${r.status}`)}`}>
      <Typography.Paragraph>{r.call}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('proj.rubric')}：{r.rubric.map((c) => `${c.label}（${c.max}）`).join('、')}</Typography.Paragraph>
      {r.noticeEndsAt && <Typography.Paragraph>{t('proj.noticeUntil', { until: formatDateTime(r.noticeEndsAt) })}</Typography.Paragraph>}
      <Table<Application> rowKey="id" size="small" pagination={false} dataSource={r.applications} locale={{ emptyText: t('proj.noApplications') }} scroll={{ x: 900 }}
        columns={[
          { title: t('proj.organisation'), key: 'o', render: (_, a) => <Space>{a.organisation.name}{r.leadingApplicationId === a.id && <Tag style={AMBER}>{t('proj.leading')}</Tag>}</Space> },
          { title: t('proj.proposal'), dataIndex: 'proposal' },
          { title: t('proj.amount'), dataIndex: 'amount', align: 'right', render: formatFen },
          { title: t('proj.average'), dataIndex: 'average', align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('proj.scorers'), dataIndex: 'scorers', align: 'right' },
          ...(can.score && r.status === 'scoring' ? [{ title: t('proj.score'), key: 's', render: (_: unknown, a: Application) => a.scoredByMe ? <Tag color="success">{t('proj.scored')}</Tag> : <ScoreForm p={p} a={a} /> }] : []),
        ]} />
      <Space style={{ marginTop: 12 }} wrap>
        {can.manage && r.status === 'open' && <Button loading={pending} onClick={() => run('round/close-call')}>{t('proj.closeCall')}</Button>}
        {can.manage && r.status === 'scoring' && <Button loading={pending} onClick={() => run('round/notice')}>{t('proj.startNotice')}</Button>}
        {can.manage && r.status === 'notice' && <Button type="primary" loading={pending} onClick={() => run('round/award')}>{t('proj.award')}</Button>}
      </Space>
      {(can.deliver || can.manage) && r.status === 'open' && (
        <Form form={form} layout="vertical" style={{ marginTop: 16, maxWidth: 560 }} initialValues={{ yuan: p.budgetTotal / 100 }}
          onFinish={(v) => run('round/applications', { organisationId: v.organisationId, proposal: v.proposal, amount: yuanToFen(v.yuan) }, false, () => form.resetFields(['proposal']))}>
          <div style={{ marginBottom: 8 }}><Typography.Text strong>{can.deliver ? t('proj.apply') : t('proj.applyFor')}</Typography.Text></div>
          <Form.Item name="organisationId" label={t('proj.asOrganisation')} rules={[{ required: true, message: t('proj.orgRule') }]}>
            <Select options={applicants.map((o) => ({ value: o.id, label: o.name }))} notFoundContent={t('proj.noOrganisation')} />
          </Form.Item>
          <Form.Item name="proposal" label={t('proj.proposal')} rules={[{ required: true, message: t('proj.proposalRule') }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          <Form.Item name="yuan" label={t('proj.amountYuan')} rules={[{ required: true, type: 'number', min: 0.01, message: t('proj.amountRule') }]}><InputNumber precision={2} style={{ width: 180 }} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={pending}>{t('proj.submitApplication')}</Button>
        </Form>
      )}
    </Card>
  );
}

type ContractValues = { range: [dayjs.Dayjs, dayjs.Dayjs]; termReason?: string; yuan: number; tranches: { title: string; yuan: number; dueOn: dayjs.Dayjs }[] };
function ContractStep({ p }: { p: Project }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const start = dayjs().add(7, 'day').startOf('day');
  const first = Math.round(p.budgetTotal * 0.6) / 100;
  return (
    <Card size="small" title={t('proj.step.contract')}>
      <Form<ContractValues> layout="vertical" style={{ maxWidth: 720 }}
        initialValues={{ range: [start, start.add(1, 'year').subtract(1, 'day')], yuan: p.budgetTotal / 100, tranches: [
          { title: t('proj.firstTranche'), yuan: first, dueOn: start.add(14, 'day') }, { title: t('proj.finalTranche'), yuan: p.budgetTotal / 100 - first, dueOn: start.add(1, 'year').subtract(1, 'day') },
        ] }}
        onFinish={(v) => run('contract', {
          startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD'), termReason: v.termReason?.trim() || undefined, amount: yuanToFen(v.yuan),
          tranches: v.tranches.map((x, i) => ({ title: x.title, amount: yuanToFen(x.yuan), dueOn: x.dueOn.format('YYYY-MM-DD'), afterEvaluation: i === v.tranches.length - 1 })),
        })}>
        <Form.Item name="range" label={t('proj.term')} rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item>
        <Form.Item name="termReason" label={t('proj.termReason')} extra={t('proj.termHint')}><Input maxLength={300} /></Form.Item>
        <Form.Item name="yuan" label={t('proj.contractAmount')} rules={[{ required: true, type: 'number', min: 0.01, message: t('proj.amountRule') }]}><InputNumber precision={2} style={{ width: 200 }} /></Form.Item>
        <div style={{ marginBottom: 8 }}><Typography.Text strong>{t('proj.tranches')}</Typography.Text></div>
        <Form.List name="tranches">
          {(fields) => fields.map((f, i) => (
            <Space key={f.key} align="baseline" wrap>
              <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: t('proj.itemRule') }]}><Input aria-label={t('proj.trancheTitle')} style={{ width: 140 }} /></Form.Item>
              <Form.Item name={[f.name, 'yuan']} rules={[{ required: true, type: 'number', min: 0.01, message: t('proj.amountRule') }]}><InputNumber aria-label={t('proj.amountYuan')} precision={2} style={{ width: 160 }} /></Form.Item>
              <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true }]}><DatePicker aria-label={t('proj.dueOn')} /></Form.Item>
              {i === fields.length - 1 && <Tag style={AMBER}>{t('proj.afterEvaluation')}</Tag>}
            </Space>
          ))}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={pending}>{t('proj.sign')}</Button>
      </Form>
    </Card>
  );
}

function TranchesStep({ p, can }: { p: Project; can: { manage: boolean } }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const c = p.contract!;
  return (
    <Card size="small" title={t('proj.step.contractAndPay')}>
      <Typography.Paragraph>{t('proj.contractLine', { from: c.startsOn, to: c.endsOn, amount: formatFen(c.amount) })}{c.termReason ? `（${c.termReason}）` : ''}</Typography.Paragraph>
      <Table rowKey="seq" size="small" pagination={false} dataSource={p.tranches}
        columns={[
          { title: '#', dataIndex: 'seq', width: 50 },
          { title: t('proj.trancheTitle'), dataIndex: 'title' },
          { title: t('proj.amount'), dataIndex: 'amount', align: 'right', render: formatFen },
          { title: t('proj.dueOn'), dataIndex: 'dueOn' },
          { title: t('proj.condition'), dataIndex: 'afterEvaluation', render: (a: boolean) => (a ? <Tag style={AMBER}>{t('proj.afterEvaluation')}</Tag> : '—') },
          { title: t('proj.paidAt'), key: 'paid', render: (_, x) => x.paidAt ? <Tag color="success">{formatDate(x.paidAt)}</Tag> : can.manage && ['contracted', 'evaluated'].includes(p.status) ? (
            <Popconfirm title={t('proj.payConfirm', { amount: formatFen(x.amount) })} onConfirm={() => run(`tranches/${x.seq}/pay`, undefined, true)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button size="small" type="primary" loading={pending}>{t('proj.pay')}</Button>
            </Popconfirm>
          ) : t('proj.unpaid') },
        ]} />
      {can.manage && p.status === 'evaluated' && p.tranches.every((x) => x.paidAt) && (
        <Button style={{ marginTop: 12 }} loading={pending} onClick={() => run('close', undefined, true)}>{t('proj.close')}</Button>
      )}
    </Card>
  );
}

function ReportsStep({ p, can }: { p: Project; can: { manage: boolean; deliver: boolean } }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const [form] = Form.useForm<{ body: string; participants: number; activityIds?: number[] }>();
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>([]);
  const open = ['contracted', 'evaluated'].includes(p.status) && (can.deliver || can.manage);
  return (
    <Card size="small" title={t('proj.step.reports')}>
      <Table rowKey="id" size="small" pagination={false} dataSource={p.reports} locale={{ emptyText: t('proj.noReports') }}
        columns={[
          { title: t('proj.at'), dataIndex: 'at', width: 150, render: formatDateTime },
          { title: t('proj.report'), key: 'body', render: (_, r) => <><div>{r.body}</div><ReportMedia r={r} /></> },
          { title: t('proj.participants'), dataIndex: 'participants', width: 90, align: 'right' },
          { title: t('proj.author'), dataIndex: 'author', width: 120 },
        ]} />
      {open && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v) => run('reports', { ...v, activityIds: v.activityIds ?? [], photoIds: photos.map((ph) => ph.id) }, false, () => { form.resetFields(); setPhotos([]); })}>
          <Form.Item name="body" rules={[{ required: true, message: t('proj.reportRule') }]}><Input.TextArea aria-label={t('proj.report')} placeholder={t('proj.report')} rows={2} style={{ width: 420 }} maxLength={2000} /></Form.Item>
          <Form.Item name="participants" rules={[{ required: true, type: 'integer', min: 0, message: t('proj.participantsRule') }]}><InputNumber aria-label={t('proj.participants')} placeholder={t('proj.participants')} min={0} /></Form.Item>
          <ReportMediaFields p={p} photos={photos} setPhotos={setPhotos} />
          <Form.Item><Button htmlType="submit" loading={pending}>{t('proj.addReport')}</Button></Form.Item>
        </Form>
      )}
    </Card>
  );
}

function EvaluationStep({ p, can }: { p: Project; can: { manage: boolean } }) {
  const { t } = useI18n();
  const { run, pending } = useStep(p.id);
  const [form] = Form.useForm<{ residentsScore: number; communityScore: number; expertScore: number; note?: string }>();
  const fromRatings = p.residentsComponent.score !== null;
  const score = (name: 'residentsScore' | 'communityScore' | 'expertScore', label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, type: 'integer', min: 0, max: 100, message: '0–100' }]}><InputNumber min={0} max={100} /></Form.Item>
  );
  return (
    <Card size="small" title={t('proj.step.evaluation')}>
      <Table rowKey="id" size="small" pagination={false} dataSource={p.evaluations} locale={{ emptyText: t('proj.noEvaluations') }}
        columns={[
          { title: t('proj.at'), dataIndex: 'at', render: formatDateTime },
          { title: t('proj.residentsScore'), key: 'rs', align: 'right', render: (_, e) => e.residentsRatings ? `${e.residentsScore}（${t('gap.eval.ratings')} ${e.residentsRatings}）` : e.residentsScore },
          { title: t('proj.communityScore'), dataIndex: 'communityScore', align: 'right' },
          { title: t('proj.expertScore'), dataIndex: 'expertScore', align: 'right' },
          { title: t('proj.evalScore'), dataIndex: 'score', align: 'right' },
          { title: t('proj.result'), dataIndex: 'passed', render: (ok: boolean) => <Tag color={ok ? 'success' : 'error'}>{ok ? t('proj.passed') : t('proj.failed')}</Tag> },
          { title: t('proj.note'), dataIndex: 'note' },
        ]} />
      {can.manage && p.status === 'contracted' && (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} onFinish={(v) => run('evaluations', fromRatings ? { ...v, residentsScore: undefined } : v, false, () => form.resetFields())}>
          <div style={{ width: '100%' }}>
            <Typography.Text type={fromRatings ? 'success' : 'warning'}>
              {fromRatings ? t('gap.eval.fromRatings', { count: p.residentsComponent.count, score: p.residentsComponent.score! }) : t('gap.eval.noRatings')}
            </Typography.Text>
          </div>
          {!fromRatings && score('residentsScore', t('proj.residentsScore'))}
          {score('communityScore', t('proj.communityScore'))}
          {score('expertScore', t('proj.expertScore'))}
          <Form.Item name="note" label={t('proj.note')}><Input maxLength={500} /></Form.Item>
          <Form.Item><Button htmlType="submit" loading={pending}>{t('proj.evaluate')}</Button></Form.Item>
        </Form>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('proj.evalHint')}</Typography.Paragraph>
    </Card>
  );
}
