import { useI18n } from '../../../lib/i18n';
import type { DiffLine } from '../api/conventions-api';
import '../conventions.css';

/** A version's changes against the one before, line by line (computed by the server, server/src/modules/conventions/line-diff.ts). */
export function DiffView({ diff }: { diff: DiffLine[] }) {
  const { t } = useI18n();
  return (
    <pre className="gz-diff" aria-label={t('convention.diff')}>
      {diff.map((d, i) => (
        <span key={i} className={`gz-diff-line gz-diff-${d.op}`}>
          {d.op === 'added' && <span className="gz-sr-only">{t('convention.diff.added')} </span>}
          {d.op === 'removed' && <span className="gz-sr-only">{t('convention.diff.removed')} </span>}
          {d.text || ' '}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
