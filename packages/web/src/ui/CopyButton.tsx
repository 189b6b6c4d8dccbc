import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { Button, type ButtonProps } from './Button';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text`; says "Copied" (politely announced) for a moment afterwards. */
export function CopyButton({
  text,
  label = 'Copy',
  ...rest
}: { text: string; label?: string } & Omit<ButtonProps, 'onClick' | 'children'>) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <>
      <Button
        icon={state === 'copied' ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />}
        onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
        {...rest}
      >
        {state === 'copied' ? 'Copied' : label}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Copying failed; select the text and copy it by hand.' : ''}
      </span>
    </>
  );
}
