import { ShieldCheck, ShieldX } from 'lucide-react';

/**
 * The Security column: a green shield for 2FA enabled, a red one for not enabled. Colour is not
 * the only signal: the shapes differ, and the words are there for screen readers (and beside the
 * symbol where there is room).
 */
export function SecurityStatus({ enabled, withText = false }: { enabled: boolean; withText?: boolean }) {
  const text = enabled ? '2FA enabled' : '2FA not enabled';
  return (
    <span
      className={enabled ? 'security-status is-enabled' : 'security-status is-disabled'}
      title={text}
      data-two-factor={enabled ? 'enabled' : 'disabled'}
    >
      {enabled ? <ShieldCheck size={20} aria-hidden="true" /> : <ShieldX size={20} aria-hidden="true" />}
      <span className={withText ? 'security-status__text' : 'visually-hidden'}>{text}</span>
    </span>
  );
}
