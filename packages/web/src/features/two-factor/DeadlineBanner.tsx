import { CalendarClock } from 'lucide-react';
import { Link, useMatch } from 'react-router';
import type { ShellViewer } from '../../app/viewer-context';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/**
 * On every page, for a member without 2FA whose organizations set a deadline: "<Org> requires
 * two-step verification from <date> (in N days)", with the way to the setup. It follows the
 * viewer's access, which the live connection keeps current; a deadline that has come drops out
 * (the block takes over).
 */
export function DeadlineBanner({ deadlines }: { deadlines: ShellViewer['access']['deadlines'] }) {
  const now = useNow(30_000, deadlines.length > 0);
  const onAccountPage = !!useMatch('/account');
  const ahead = deadlines.filter((item) => Date.parse(item.deadline) > now);
  if (ahead.length === 0) return null;
  return (
    <section className="deadline-banner" aria-label="Two-step verification deadlines" data-testid="deadline-banner">
      <div className="deadline-banner__inner">
        <CalendarClock className="deadline-banner__icon" size={20} aria-hidden="true" />
        <div className="deadline-banner__text">
          <ul>
            {ahead.map((item) => (
              <li key={item.organization.id}>
                <strong>{item.organization.name}</strong> requires two-step verification from {formatDateTime(item.deadline)} (
                {formatCountdown(item.deadline, now)}).
              </li>
            ))}
          </ul>
          {onAccountPage && <p>Set it up below.</p>}
        </div>
        {!onAccountPage && (
          <Link to="/account" className="btn btn--primary btn--small deadline-banner__action">
            Set it up now
          </Link>
        )}
      </div>
    </section>
  );
}
