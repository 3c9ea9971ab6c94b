import { Alert, Checkbox, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useRevealPerson, type RevealField, type Revealed } from '../api/reveal-person';

interface Values {
  fields: RevealField[];
  reason: string;
}

/** Asks why, then shows plain text once. Closing the modal forgets it. */
export function RevealModal({ personId, open, onClose }: { personId: number; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const reveal = useRevealPerson(personId);
  const [shown, setShown] = useState<Revealed | null>(null);
  const [banner, setBanner] = useState<string | null>(null);

  const close = () => {
    setShown(null);
    setBanner(null);
    reveal.reset();
    onClose();
  };
  const submit = (v: Values) => {
    setBanner(null);
    reveal.mutate(
      { fields: v.fields, reason: v.reason.trim() },
      {
        onSuccess: setShown,
        onError: (err) => {
          if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
        },
      },
    );
  };
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));

  return (
    <Modal
      title={t('person.revealTitle')}
      open={open}
      onCancel={close}
      destroyOnHidden
      okText={shown ? t('common.confirm') : t('person.reveal')}
      onOk={() => (shown ? close() : form.submit())}
      confirmLoading={reveal.isPending}
      cancelButtonProps={shown ? { style: { display: 'none' } } : undefined}
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      {shown ? (
        <Descriptions column={1} bordered size="small" title={t('person.revealed')}>
          {shown.phone !== undefined && <Descriptions.Item label={t('people.phone')}>{shown.phone}</Descriptions.Item>}
          {shown.idNumber !== undefined && <Descriptions.Item label={t('people.idNumber')}>{shown.idNumber ?? t('common.unknown')}</Descriptions.Item>}
          {shown.flags && (
            <>
              <Descriptions.Item label={t('person.flag.elderlyAlone')}>{yesNo(shown.flags.elderlyAlone)}</Descriptions.Item>
              <Descriptions.Item label={t('person.flag.disability')}>{yesNo(shown.flags.disability)}</Descriptions.Item>
              <Descriptions.Item label={t('person.flag.lowIncome')}>{yesNo(shown.flags.lowIncome)}</Descriptions.Item>
            </>
          )}
        </Descriptions>
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ fields: ['phone'] }}>
          <Form.Item
            name="fields"
            label={t('person.revealFields')}
            rules={[{ required: true, type: 'array', min: 1, message: t('person.revealFieldsRequired') }]}
          >
            <Checkbox.Group
              options={[
                { value: 'phone', label: t('people.phone') },
                { value: 'idNumber', label: t('people.idNumber') },
                { value: 'flags', label: t('person.flags') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('person.revealReason')}
            rules={[
              { required: true, whitespace: true, message: t('person.revealReasonRequired') },
              { min: 2, message: t('person.revealReasonShort') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
