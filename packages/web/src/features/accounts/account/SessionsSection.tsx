import { useMutation } from '@apollo/client/react';
import { Laptop, Monitor, Smartphone } from 'lucide-react';
import { useState } from 'react';
import { ClientKind } from '@twostep/shared';
import { AccountSecurityDocument, RevokeSessionDocument, type AccountSecurityQuery } from '../../../gql/graphql';
import { describeError } from '../../../lib/errors/describe-error';
import { describeUserAgent, formatDateTime, formatRelative } from '../../../lib/format';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { Section } from '../../../ui/Section';

type Session = AccountSecurityQuery['viewer']['sessions'][number];

const clientIcons = { WEB: Monitor, DESKTOP: Laptop, MOBILE: Smartphone, INTEGRATION: Monitor } as const;
const clientLabels = { WEB: 'Browser', DESKTOP: 'Desktop app', MOBILE: 'Mobile app', INTEGRATION: 'Integration' } as const;

/** Where the account is signed in; any other session can be ended from here. */
export function SessionsSection({ sessions }: { sessions: Session[] }) {
  const [revoke] = useMutation(RevokeSessionDocument, { refetchQueries: [AccountSecurityDocument], awaitRefetchQueries: true });
  const [pending, setPending] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const ordered = [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));

  const end = async (session: Session): Promise<void> => {
    setPending(session.id);
    setMessage(null);
    try {
      await revoke({ variables: { input: { id: session.id } } });
      setMessage({ tone: 'success', text: `Signed out ${describeUserAgent(session.userAgent)}.` });
    } catch (caught) {
      setMessage({ tone: 'error', text: describeError(caught).message });
    } finally {
      setPending(null);
    }
  };

  return (
    <Section title="Where you are signed in" description="End any session you do not recognize, then change your password.">
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <ul className="list">
        {ordered.map((session) => {
          const Icon = clientIcons[session.client];
          const device = session.client === ClientKind.WEB ? describeUserAgent(session.userAgent) : clientLabels[session.client];
          return (
            <li key={session.id} className="list__item">
              <Icon className="list__icon" size={20} aria-hidden="true" />
              <div className="list__main">
                <span className="list__title" title={session.userAgent ?? undefined}>
                  {device} {session.current && <Badge tone="info">This browser</Badge>}
                </span>
                <span className="muted small">
                  {clientLabels[session.client]} · signed in {formatDateTime(session.createdAt)} · active{' '}
                  {formatRelative(session.lastUsedAt)}
                </span>
              </div>
              {!session.current && (
                <Button
                  size="small"
                  busy={pending === session.id}
                  disabled={pending !== null && pending !== session.id}
                  onClick={() => void end(session)}
                  aria-label={`Sign out ${device}, signed in ${formatDateTime(session.createdAt)}`}
                >
                  Sign out
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
