import { Download } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { TOTP } from '@twostep/shared';
import { downloadText } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Notice } from '../../ui/Notice';

export interface RecoveryCodesPanelProps {
  codes: string[];
  /** The account's address, written into the downloaded file. */
  email: string;
  onContinue: () => void;
  continueLabel?: string;
  /** Null inside a dialog, whose own title says it. */
  heading?: string | null;
}

function fileText(codes: string[], email: string): string {
  return [
    `Twostep recovery codes for ${email}`,
    `Created ${formatDateTime(new Date().toISOString())}`,
    '',
    'Each code works once. Use one to sign in when you cannot use your authenticator app or security key.',
    'Keep this file somewhere safe, like a password manager.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/** The recovery codes, shown once: copy them, download them, then say they are saved. */
export function RecoveryCodesPanel({
  codes,
  email,
  onContinue,
  continueLabel = 'I saved them, continue',
  heading = 'Save your recovery codes',
}: RecoveryCodesPanelProps) {
  // The codes replace the form that asked for them: focus moves to their title (or the list).
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => (headingRef.current ?? listRef.current)?.focus(), []);
  const text = codes.join('\n');
  return (
    <div className="stack">
      {heading && (
        <h2 ref={headingRef} tabIndex={-1} className="step-title">
          {heading}
        </h2>
      )}
      <Notice tone="warning" live={false}>
        These {codes.length} codes are shown <strong>only now</strong>. If you lose your phone or your key, each one lets you sign in once.
        Keep them somewhere safe, away from your phone and your key: a password manager, or printed out.
      </Notice>
      <ol ref={listRef} tabIndex={-1} className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <CopyButton text={text} label="Copy all" />
        <Button
          icon={<Download size={16} aria-hidden="true" />}
          onClick={() => downloadText('twostep-recovery-codes.txt', fileText(codes, email))}
        >
          Download .txt
        </Button>
      </div>
      <div className="form-row form-row--end">
        <Button variant="primary" onClick={onContinue}>
          {continueLabel}
        </Button>
      </div>
      <p className="visually-hidden">{`${TOTP.recoveryCodeCount} codes in all.`}</p>
    </div>
  );
}
