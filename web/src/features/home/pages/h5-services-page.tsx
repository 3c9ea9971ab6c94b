import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../../lib/i18n';

/** Everything a resident can take part in beyond their own requests, in one list (the tab bar keeps four tabs). */
export const SERVICE_ENTRIES: { to: string; label: MessageKey; hint: MessageKey }[] = [
  { to: '/wall', label: 'h5.services.wall', hint: 'h5.services.wallHint' },
  { to: '/wishes', label: 'h5.services.myWishes', hint: 'h5.services.myWishesHint' },
  { to: '/volunteering', label: 'h5.services.volunteering', hint: 'h5.services.volunteeringHint' },
  { to: '/points', label: 'h5.services.points', hint: 'h5.services.pointsHint' },
  { to: '/surveys', label: 'h5.services.surveys', hint: 'h5.services.surveysHint' },
  { to: '/errands', label: 'h5.services.errands', hint: 'h5.services.errandsHint' },
  { to: '/party', label: 'h5.services.party', hint: 'h5.services.partyHint' },
  { to: '/charity', label: 'h5.services.charity', hint: 'h5.services.charityHint' },
  { to: '/deliberation', label: 'h5.services.deliberation', hint: 'h5.services.deliberationHint' },
  { to: '/votes', label: 'h5.services.votes', hint: 'h5.services.votesHint' },
  { to: '/projects', label: 'h5.services.projects', hint: 'h5.services.projectsHint' },
  { to: '/conventions', label: 'h5.services.conventions', hint: 'h5.services.conventionsHint' },
];

export function H5ServicesPage() {
  const { t } = useI18n();
  return (
    <div className="gz-h5-page">
      <h1 className="gz-h5-h2">{t('h5.services.title')}</h1>
      <ul className="gz-h5-services">
        {SERVICE_ENTRIES.map((e) => (
          <li key={e.to}>
            <Link to={e.to} className="gz-h5-service">
              <span className="gz-h5-service-name">{t(e.label)}</span>
              <span className="gz-h5-service-hint">{t(e.hint)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
