import type { ReactNode, SelectHTMLAttributes } from 'react';
import { Field } from './Field';

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  /** What the server refused, read with the field as `TextField`'s is. */
  error?: string;
  options: { value: string; label: string }[];
  /** Shows the label only to screen readers (in a toolbar whose purpose is plain). */
  hiddenLabel?: boolean;
}

/** A labelled native select: keyboards, screen readers and phones all know it. */
export function SelectField({ label, hint, error, options, hiddenLabel = false, className, ...select }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} className={className} hiddenLabel={hiddenLabel}>
      {(control) => (
        <select className="select" {...control} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
