import { Button, Card, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { formatDateTime } from '../../../lib/format';
import { PageShell } from '../../../components/page-shell';
import { FilterBar, PagedTable } from '../../../components/paged-table';
import { useSearchPlaces } from '../api/activities';
import { useAddTeamMember, useCreateTeam, usePeopleSearch, useRegisterVolunteer, useTeams, useVolunteers, type Team } from '../api/roster';
import type { Volunteer } from '../api/types';

/** 志愿者与服务队: the roster in the caller's reach, registering a resident who consents, and service teams. */
export function VolunteersPage() {
  const { t } = useI18n();
  const [registering, setRegistering] = useState(false);
  return (
    <PageShell title={t('vol.roster.title')} extra={<Button type="primary" onClick={() => setRegistering(true)}>{t('vol.roster.register')}</Button>}>
      <Card>
        <Tabs items={[
          { key: 'volunteers', label: t('vol.roster.tab'), children: <Roster /> },
          { key: 'teams', label: t('vol.teams.tab'), children: <Teams /> },
        ]} />
      </Card>
      <RegisterModal open={registering} onClose={() => setRegistering(false)} />
    </PageShell>
  );
}

function Roster() {
  const { t } = useI18n();
  const [skill, setSkill] = useState('');
  const [page, setPage] = useState(1);
  const list = useVolunteers(skill, page);
  return (
    <>
      <FilterBar<{ skill?: string }> onSearch={(v) => { setSkill(v.skill?.trim() ?? ''); setPage(1); }} onReset={() => { setSkill(''); setPage(1); }}>
        <Form.Item name="skill" label={t('vol.roster.skills')}><Input allowClear style={{ width: 180 }} placeholder={t('vol.roster.skillFilter')} /></Form.Item>
      </FilterBar>
      <PagedTable<Volunteer>
        query={list}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        emptyText={t('vol.roster.empty')}
        paging={{ page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('vol.roster.name'), dataIndex: 'name', width: 110 },
          { title: t('vol.roster.sex'), dataIndex: 'sex', width: 60, render: (s: Volunteer['sex']) => t(`vol.sex.${s}`) },
          { title: t('vol.roster.birthDate'), dataIndex: 'birthDate', width: 110 },
          { title: t('vol.roster.phone'), dataIndex: 'phoneMasked', width: 130 },
          { title: t('vol.roster.home'), key: 'home', width: 130, render: (_, v) => v.homePlace.name },
          { title: t('vol.roster.skills'), key: 'skills', render: (_, v) => v.skills.map((s) => <Tag key={s}>{s}</Tag>) },
          { title: t('vol.roster.registeredAt'), dataIndex: 'registeredAt', width: 150, render: formatDateTime },
        ]}
      />
    </>
  );
}

function PlaceSelect({ value, onChange, id }: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const places = useSearchPlaces(q);
  return (
    <Select id={id} value={value} onChange={onChange} showSearch={{ filterOption: false, onSearch: setQ }} placeholder={t('vol.admin.placeSearch')} loading={places.isFetching}
      notFoundContent={q ? undefined : null} options={(places.data?.items ?? []).map((p) => ({ value: p.id, label: [...p.pathNames.slice(-2), p.name].join(' / ') }))} />
  );
}

interface RegisterValues { personId: number; sex: 'male' | 'female'; birthDate: Dayjs; idNumber?: string; homePlaceId: number; skills?: string[]; serviceCategories?: string[]; consent: boolean }

/** 代登记: a worker enters a resident's profile; the resident's own consent is required and recorded (办法 art. 6). */
function RegisterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RegisterValues>();
  const [q, setQ] = useState('');
  const people = usePeopleSearch(q);
  const register = useRegisterVolunteer();
  const submit = (v: RegisterValues) =>
    register.mutate(
      { personId: v.personId, sex: v.sex, birthDate: v.birthDate.format('YYYY-MM-DD'), idNumber: v.idNumber?.trim() || undefined, homePlaceId: v.homePlaceId, skills: v.skills ?? [], serviceCategories: v.serviceCategories ?? [], consent: v.consent },
      { onSuccess: (x) => { void message.success(t('vol.roster.registered', { name: x.name })); form.resetFields(); onClose(); } },
    );
  return (
    <Modal open={open} title={t('vol.roster.register')} onCancel={onClose} onOk={() => form.submit()} okText={t('vol.roster.registerOk')} confirmLoading={register.isPending} destroyOnHidden width={600}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="personId" label={t('vol.roster.person')} rules={[{ required: true, message: t('vol.roster.personRequired') }]}>
          <Select showSearch={{ filterOption: false, onSearch: setQ }} placeholder={t('vol.roster.personSearch')} loading={people.isFetching} notFoundContent={q ? undefined : null}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.phoneMasked ? `${p.name} · ${p.phoneMasked}` : p.name }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="sex" label={t('vol.roster.sex')} rules={[{ required: true, message: t('vol.roster.sexRequired') }]}>
            <Radio.Group options={[{ value: 'female', label: t('vol.sex.female') }, { value: 'male', label: t('vol.sex.male') }]} />
          </Form.Item>
          <Form.Item name="birthDate" label={t('vol.roster.birthDate')} rules={[{ required: true, message: t('vol.roster.birthRequired') }]}><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="idNumber" label={t('vol.roster.idNumber')} extra={t('vol.roster.idNumberHint')}><Input maxLength={18} autoComplete="off" /></Form.Item>
        <Form.Item name="homePlaceId" label={t('vol.roster.home')} rules={[{ required: true, message: t('vol.roster.homeRequired') }]}><PlaceSelect /></Form.Item>
        <Form.Item name="skills" label={t('vol.roster.skills')}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>
        <Form.Item name="serviceCategories" label={t('vol.roster.categories')}><Select mode="tags" tokenSeparators={[',', '，', ' ']} /></Form.Item>
        <Form.Item name="consent" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('vol.roster.consentRequired')))) }]}>
          <Checkbox>{t('vol.roster.consent')}</Checkbox>
        </Form.Item>
        {register.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(register.error, t)}</div>}
      </Form>
    </Modal>
  );
}

function Teams() {
  const { t } = useI18n();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<Team | null>(null);
  return (
    <>
      <div style={{ marginBottom: 16 }}><Button onClick={() => setCreating(true)}>{t('vol.teams.create')}</Button></div>
      <Table<Team>
        rowKey="id"
        loading={teams.isFetching}
        dataSource={teams.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: teams.isError ? errorText(teams.error, t) : t('vol.teams.empty') }}
        columns={[
          { title: t('vol.teams.name'), dataIndex: 'name' },
          { title: t('vol.place'), key: 'p', width: 140, render: (_, x) => x.place.name },
          { title: t('vol.teams.kind'), key: 'k', width: 120, render: (_, x) => (x.ledBySocialWorker ? <Tag color="#0b57d0">{t('vol.teams.ledBySocialWorker')}</Tag> : t('vol.teams.plain')) },
          { title: t('vol.teams.organisation'), dataIndex: 'organisation', width: 160, render: (o: string | null) => o ?? '—' },
          { title: t('vol.teams.members'), dataIndex: 'members', width: 80 },
          { title: '', key: 'a', width: 110, render: (_, x) => <Button size="small" onClick={() => setAdding(x)}>{t('vol.teams.addMember')}</Button> },
        ]}
      />
      <CreateTeamModal open={creating} onClose={() => setCreating(false)} />
      {adding && <AddMemberModal team={adding} onClose={() => setAdding(null)} />}
    </>
  );
}

function CreateTeamModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; placeId: number; ledBySocialWorker?: boolean; organisation?: string }>();
  const create = useCreateTeam();
  return (
    <Modal open={open} title={t('vol.teams.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate({ name: v.name, placeId: v.placeId, ledBySocialWorker: !!v.ledBySocialWorker, organisation: v.organisation?.trim() || undefined }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="name" label={t('vol.teams.name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
        <Form.Item name="placeId" label={t('vol.place')} rules={[{ required: true, message: t('vol.teams.placeRequired') }]}><PlaceSelect /></Form.Item>
        <Form.Item name="organisation" label={t('vol.teams.organisation')}><Input maxLength={60} /></Form.Item>
        <Form.Item name="ledBySocialWorker" valuePropName="checked"><Checkbox>{t('vol.teams.ledBySocialWorkerHint')}</Checkbox></Form.Item>
        {create.isError && <div role="alert" style={{ color: '#cf1322' }}>{errorText(create.error, t)}</div>}
      </Form>
    </Modal>
  );
}

function AddMemberModal({ team, onClose }: { team: Team; onClose: () => void }) {
  const { t } = useI18n();
  const [skill, setSkill] = useState('');
  const list = useVolunteers(skill, 1);
  const add = useAddTeamMember(team.id);
  const [chosen, setChosen] = useState<number>();
  return (
    <Modal open title={t('vol.teams.addMemberTo', { team: team.name })} onCancel={onClose} okButtonProps={{ disabled: !chosen }} confirmLoading={add.isPending}
      onOk={() => chosen && add.mutate(chosen, { onSuccess: () => { void message.success(t('vol.teams.added')); onClose(); } })}>
      <Input.Search allowClear placeholder={t('vol.roster.skillFilter')} aria-label={t('vol.roster.skillFilter')} onSearch={(v) => setSkill(v.trim())} style={{ marginBottom: 12 }} />
      <Select style={{ width: '100%' }} aria-label={t('vol.teams.volunteer')} placeholder={t('vol.teams.volunteer')} value={chosen} onChange={setChosen} loading={list.isFetching}
        options={(list.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.name} · ${v.homePlace.name}${v.skills.length ? ` · ${v.skills.join('、')}` : ''}` }))} />
      {add.isError && <div role="alert" style={{ color: '#cf1322', marginTop: 8 }}>{errorText(add.error, t)}</div>}
    </Modal>
  );
}
