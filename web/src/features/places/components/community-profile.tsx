import { Alert, App, Button, Card, Descriptions, Drawer, Form, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { CommunityClass } from '../../../lib/api/types';
import { errorText } from '../../../lib/api/error-text';
import { applyServerIssues } from '../../../components/form-errors';
import { useUpdateCommunity } from '../api/update-community';
import type { CommunityProfile } from '../api/types';

const CLASSES: CommunityClass[] = ['urban', 'new', 'old', 'village_to_residence'];

export function CommunityProfileCard({ id, profile }: { id: number; profile: CommunityProfile }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      title={t('community.profile')}
      extra={<Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
    >
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('community.class')}>{t(`communityClass.${profile.communityClass}`)}</Descriptions.Item>
        <Descriptions.Item label={t('community.tags')}>
          {profile.tags.length ? profile.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('community.playbook')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {profile.playbook ?? t('common.unknown')}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
      <CommunityEditDrawer id={id} profile={profile} open={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

interface Values {
  communityClass: CommunityClass;
  tags: string[];
}

function CommunityEditDrawer(props: { id: number; profile: CommunityProfile; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateCommunity(props.id);
  const [banner, setBanner] = useState<string | null>(null);
  const submit = (v: Values) => {
    setBanner(null);
    update.mutate(v, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        props.onClose();
      },
      onError: (err) => {
        if (!applyServerIssues(form, err)) setBanner(errorText(err, t));
      },
    });
  };
  return (
    <Drawer
      title={t('community.edit')}
      open={props.open}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={props.profile}>
        <Form.Item name="communityClass" label={t('community.class')} rules={[{ required: true, message: t('community.classRequired') }]}>
          <Select options={CLASSES.map((c) => ({ value: c, label: t(`communityClass.${c}`) }))} />
        </Form.Item>
        <Form.Item name="tags" label={t('community.tags')} extra={t('community.tagsHint')}>
          <Select mode="tags" open={false} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
