import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { useI18n } from '../../../lib/i18n';
import type { IssuedKey } from '../api/types';

/**
 * The one time the full key is seen: a clear warning, the key in a selectable box and a copy button. Closing needs
 * an explicit button (no click outside, no Esc), so the key is not lost by accident.
 */
export function IssuedKeyModal({ issued, onClose }: { issued: IssuedKey; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.key);
      void message.success(t('config.open311.copied'));
    } catch {
      void message.error(t('config.open311.copyFailed'));
    }
  };
  return (
    <Modal
      open
      title={t('config.open311.keyFor', { name: issued.name })}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('config.open311.done')}
        </Button>
      }
      width={600}
    >
      <Alert type="warning" showIcon title={t('config.open311.shownOnce')} style={{ marginBottom: 16 }} />
      <Flex gap={8} align="center">
        <Typography.Text code data-testid="issued-key" style={{ wordBreak: 'break-all', fontSize: 15, flex: 1 }}>
          {issued.key}
        </Typography.Text>
        <Button onClick={() => void copy()}>{t('config.open311.copy')}</Button>
      </Flex>
    </Modal>
  );
}
