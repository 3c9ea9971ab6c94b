import { Button, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api/client';
import { errorText } from '../../../lib/api/error-text';
import { uploadPhoto } from '../api/upload-photo';

/** Photos for a request (workbench): each is uploaded as soon as it is picked; the form keeps the ids. */
export function PhotoPicker({ value = [], onChange, purpose = 'report' }: { value?: string[]; onChange?: (ids: string[]) => void; purpose?: 'report' | 'resolution' }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Flex vertical gap={8}>
      <Upload
        accept="image/*"
        showUploadList={false}
        disabled={value.length >= 9}
        beforeUpload={(file) => {
          setBusy(true);
          setError(null);
          uploadPhoto(file, purpose)
            .then((r) => onChange?.([...value, r.id]))
            .catch((err: unknown) =>
              setError(err instanceof ApiError && err.status === 404 ? t('req.photoUnavailable') : t('req.photoFailed', { message: errorText(err, t) })),
            )
            .finally(() => setBusy(false));
          return false;
        }}
      >
        <Button loading={busy}>{t('req.photos')} ({value.length}/9)</Button>
      </Upload>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Flex>
  );
}
