import { Tag } from 'antd-mobile';
import { useI18n } from '../../../lib/i18n';
import type { SignupStatus } from '../api/types';

/** Tag colours dark enough for white text (WCAG AA 4.5:1); antd-mobile's defaults are lighter. */
export const TAG = { green: '#1a7f4b', orange: '#a35200', grey: '#595959', blue: '#0b57d0', red: '#b3261e' } as const;

const COLOR: Record<SignupStatus, string> = { confirmed: TAG.green, waitlisted: TAG.orange, cancelled: TAG.grey };

export function SignupTag({ status }: { status: SignupStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOR[status]}>{t(`vol.signup.${status}`)}</Tag>;
}
