import { KeyRound, Smartphone, type LucideIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { TOTP } from '@twostep/shared';
import { SecurityKeySetup } from './SecurityKeySetup';
import { TotpSetupWizard } from './TotpSetupWizard';

export interface BlockSetupProps {
  email: string;
  /** An organization of the block accepts only keys: the app is not offered. */
  keysOnly: boolean;
  /** The account has a method already: adding the app needs a fresh proof. */
  proofNeeded: boolean;
  hasApp: boolean;
  onFinished: () => void;
}

type Path = 'key' | 'app';

function Choice({
  icon: Icon,
  title,
  text,
  pressed,
  onPress,
}: {
  icon: LucideIcon;
  title: string;
  text: string;
  pressed: boolean;
  onPress: () => void;
}) {
  const id = useId();
  // Only the title is the button (its whole text its name); the tile around it takes the click too.
  return (
    <div className={pressed ? 'method-choice__option is-pressed' : 'method-choice__option'}>
      <Icon size={24} aria-hidden="true" className="method-choice__icon" />
      <button type="button" className="method-choice__button" aria-pressed={pressed} aria-describedby={`${id}-text`} onClick={onPress}>
        {title}
      </button>
      <p className="method-choice__text" id={`${id}-text`}>
        {text}
      </p>
    </div>
  );
}

/**
 * The way out of the block: a security key or passkey, or an authenticator app; only the key where
 * an organization accepts nothing else. The app is chosen at first (most people have a phone at
 * hand); the choice goes away while recovery codes show, so that they cannot be lost by a click.
 */
export function BlockSetup({ email, keysOnly, proofNeeded, hasApp, onFinished }: BlockSetupProps) {
  const [chosen, setChosen] = useState<Path>('app');
  const [codesShown, setCodesShown] = useState(false);
  const headingId = useId();
  const path: Path = keysOnly ? 'key' : chosen;
  return (
    <div className="stack-lg">
      {!keysOnly && !codesShown && (
        <div className="method-choice" role="group" aria-labelledby={headingId}>
          <h2 id={headingId} className="step-title">
            Choose your second step
          </h2>
          <div className="method-choice__options">
            <Choice
              icon={KeyRound}
              title="Use a security key or passkey"
              text="Plug in or tap a key, or use your phone, computer or password manager. A fake sign-in page cannot use it."
              pressed={path === 'key'}
              onPress={() => setChosen('key')}
            />
            <Choice
              icon={Smartphone}
              title="Use an authenticator app"
              text={`Type the ${TOTP.digits}-digit code an app on your phone shows.`}
              pressed={path === 'app'}
              onPress={() => setChosen('app')}
            />
          </div>
        </div>
      )}
      {path === 'key' ? (
        <SecurityKeySetup email={email} onFinished={onFinished} onCodesShown={() => setCodesShown(true)} />
      ) : (
        <TotpSetupWizard
          email={email}
          proofNeeded={proofNeeded}
          hasApp={hasApp}
          onFinished={onFinished}
          onStep={(step) => setCodesShown(step === 'codes')}
        />
      )}
    </div>
  );
}
