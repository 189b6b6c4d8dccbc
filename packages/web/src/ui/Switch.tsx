import type { ButtonHTMLAttributes, Ref } from 'react';

export interface SwitchProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onChange' | 'role'> {
  checked: boolean;
  /** A switch that cannot be used stays focusable and says why (see `aria-describedby`). */
  unavailable?: boolean;
  onRequestChange: (next: boolean) => void;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * An on/off switch (`role="switch"`). It only asks for a change: the owner confirms first and
 * flips `checked` when the change is done. An unavailable switch still takes focus and clicks,
 * so the owner can explain why nothing happens.
 */
export function Switch({ checked, unavailable = false, onRequestChange, className, ref, ...rest }: SwitchProps) {
  return (
    <button
      ref={ref}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-disabled={unavailable || undefined}
      className={['switch', checked ? 'is-on' : '', unavailable ? 'is-unavailable' : '', className ?? ''].filter(Boolean).join(' ')}
      onClick={() => onRequestChange(!checked)}
      {...rest}
    >
      <span className="switch__thumb" aria-hidden="true" />
    </button>
  );
}
