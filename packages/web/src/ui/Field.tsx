import { useId, type ReactNode } from 'react';

/** What a field's control needs from its frame: its id, and the ids of what describes it. */
export interface FieldControl {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  className?: string;
  /** Shows the label only to screen readers (in a toolbar whose purpose is plain). */
  hiddenLabel?: boolean;
  /** The control itself (an input, a textarea, a select), given the ids that tie it to the frame. */
  children: (control: FieldControl) => ReactNode;
}

/**
 * The frame of every form field: the label, the hint and the error, read by screen readers with
 * the control (`TextField`, `TextAreaField` and `SelectField` are this frame around one control).
 */
export function Field({ label, hint, error, className, hiddenLabel = false, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className={hiddenLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
