import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { ApiError } from '../../../lib/api/client';
import { applyServerIssues } from '../../../components/form-errors';
import { useAcceptRequest } from '../api/accept-request';
import { useAssignRequest } from '../api/assign-request';
import { useStartRequest } from '../api/start-request';
import { useResolveRequest } from '../api/resolve-request';
import { useDisputeRequest } from '../api/dispute-request';
import { useMergeRequest } from '../api/merge-request';
import { useWhistleRequest } from '../api/whistle-request';
import { useRecordReturnVisit } from '../api/record-return-visit';
import { useDepartments } from '../api/list-departments';
import { PARTIES, type RequestDetail } from '../api/types';
import { PhotoPicker } from './photo-picker';

export type StaffAction = 'accept' | 'assign' | 'start' | 'resolve' | 'dispute' | 'merge' | 'whistle' | 'returnVisit';

type Values = Record<string, unknown>;
const trimmed = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** One modal per step; each validates before sending and shows the server's message when it refuses. */
export function ActionModal({
  request,
  action,
  onClose,
  onConflict,
}: {
  request: RequestDetail;
  action: StaffAction;
  onClose: (done: boolean) => void;
  onConflict: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const id = request.id;
  const m = {
    accept: useAcceptRequest(id),
    assign: useAssignRequest(id),
    start: useStartRequest(id),
    resolve: useResolveRequest(id),
    dispute: useDisputeRequest(id),
    merge: useMergeRequest(id),
    whistle: useWhistleRequest(id),
    returnVisit: useRecordReturnVisit(id),
  };
  const party = Form.useWatch('party', form);
  const needDepartments = action === 'whistle' || (action === 'assign' && party === 'department');
  const departments = useDepartments(needDepartments);
  const pending = Object.values(m).some((x) => x.isPending);

  const body = (v: Values): unknown => {
    switch (action) {
      case 'accept':
      case 'start':
        return { note: trimmed(v.note) };
      case 'assign':
        return { party: v.party || undefined, departmentId: v.party === 'department' ? v.departmentId : undefined, note: trimmed(v.note) };
      case 'resolve':
        return { note: trimmed(v.note), photoIds: (v.photoIds as string[] | undefined) ?? [] };
      case 'dispute':
        return { reason: trimmed(v.reason) };
      case 'merge':
        return { intoId: v.intoId };
      case 'whistle':
        return { departmentIds: v.departmentIds, reason: trimmed(v.reason), ackMinutes: v.ackMinutes ?? undefined, actionMinutes: v.actionMinutes ?? undefined };
      case 'returnVisit':
        return { reached: !!v.reached, satisfied: v.reached ? !!v.satisfied : undefined, note: trimmed(v.note) };
    }
  };

  const submit = (v: Values) => {
    setBanner(null);
    (m[action].mutate as (b: unknown, o: object) => void)(body(v), {
      onSuccess: () => onClose(true),
      onError: (err: unknown) => {
        if (err instanceof ApiError && err.code === 'INVALID_TRANSITION') {
          onConflict();
          onClose(false);
          return;
        }
        if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
      },
    });
  };

  const reasonField = (
    <Form.Item name="reason" label={t('req.form.reason')} rules={[{ required: true, whitespace: true, message: t('req.form.reasonRequired') }]}>
      <Input.TextArea rows={3} maxLength={500} showCount />
    </Form.Item>
  );
  const noteField = (
    <Form.Item name="note" label={t('req.form.note')}>
      <Input.TextArea rows={3} maxLength={500} showCount />
    </Form.Item>
  );
  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  const minutes = (min: number, max: number) => ({
    validator: (_: unknown, v: unknown) =>
      v === undefined || v === null || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max)
        ? Promise.resolve()
        : Promise.reject(new Error(t('req.form.minutesRange', { min, max }))),
  });

  let fields;
  switch (action) {
    case 'accept':
    case 'start':
      fields = noteField;
      break;
    case 'assign':
      fields = (
        <>
          <Form.Item name="party" label={t('req.form.party')} extra={t('req.form.partyDefault')}>
            <Select allowClear options={PARTIES.map((p) => ({ value: p, label: t(`req.party.${p}`) }))} />
          </Form.Item>
          {party === 'department' && (
            <Form.Item name="departmentId" label={t('req.form.department')} rules={[{ required: true, message: t('req.form.departmentRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending} options={departmentOptions} notFoundContent={t('req.form.noDepartments')} />
            </Form.Item>
          )}
          {noteField}
        </>
      );
      break;
    case 'resolve':
      fields = (
        <>
          <Form.Item name="note" label={t('req.form.resolveNote')} rules={[{ required: true, whitespace: true, message: t('req.form.resolveNoteRequired') }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="photoIds" label={t('req.photos')} extra={t('req.photosHint')}>
            <PhotoPicker purpose="resolution" />
          </Form.Item>
        </>
      );
      break;
    case 'dispute':
      fields = reasonField;
      break;
    case 'merge':
      fields = (
        <Form.Item
          name="intoId"
          label={t('req.form.intoId')}
          rules={[
            { required: true, message: t('req.form.intoIdRequired') },
            { validator: (_, v) => (v === id ? Promise.reject(new Error(t('req.form.intoIdSelf'))) : Promise.resolve()) },
          ]}
        >
          <InputNumber min={1} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      );
      break;
    case 'whistle':
      fields = (
        <>
          <Form.Item name="departmentIds" label={t('req.form.departments')} rules={[{ required: true, type: 'array', min: 1, message: t('req.form.departmentsRequired') }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} loading={departments.isPending} options={departmentOptions} notFoundContent={t('req.form.noDepartments')} />
          </Form.Item>
          {reasonField}
          <Form.Item name="ackMinutes" label={t('req.form.ackMinutes')} rules={[minutes(5, 7 * 1440)]}>
            <InputNumber precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="actionMinutes" label={t('req.form.actionMinutes')} rules={[minutes(30, 90 * 1440)]}>
            <InputNumber precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </>
      );
      break;
    case 'returnVisit':
      fields = (
        <>
          <Form.Item name="reached" label={t('req.form.reached')} valuePropName="checked" initialValue={true}>
            <Switch />
          </Form.Item>
          <Form.Item name="satisfied" label={t('req.form.satisfied')} initialValue={true}>
            <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />
          </Form.Item>
          {noteField}
        </>
      );
      break;
  }

  return (
    <Modal
      open
      title={t(`req.action.${action}`)}
      okText={t('common.submit')}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      confirmLoading={pending}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {fields}
      </Form>
    </Modal>
  );
}
