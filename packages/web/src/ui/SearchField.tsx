import { useId } from 'react';
import { Search } from 'lucide-react';

export interface SearchFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter searches at once (and, in a dialog, does not confirm it). */
  onEnter: () => void;
  className?: string;
  /** Makes the box a search landmark of its own, with this name ("Find who would be blocked"). */
  landmark?: string;
}

/** The search box of a list: by name or e-mail, its label read by screen readers. */
export function SearchField({ value, onChange, onEnter, className, landmark }: SearchFieldProps) {
  const id = useId();
  return (
    <div
      className={['field search-field', className ?? ''].filter(Boolean).join(' ')}
      role={landmark ? 'search' : undefined}
      aria-label={landmark}
    >
      <label htmlFor={id} className="visually-hidden">
        Search by name or e-mail
      </label>
      <Search size={16} aria-hidden="true" className="search-field__icon" />
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Name or e-mail"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            onEnter();
          }
        }}
      />
    </div>
  );
}
