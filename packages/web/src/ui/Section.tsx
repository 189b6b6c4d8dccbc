import { useId, type ReactNode } from 'react';

export interface SectionProps {
  title: string;
  description?: ReactNode;
  /** Buttons shown beside the title. */
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/** A titled card; its heading names the region for assistive technology. */
export function Section({ title, description, actions, children, className }: SectionProps) {
  const id = useId();
  return (
    <section className={['card', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={id}>
      <header className="card__header">
        <div className="card__heading">
          <h2 className="card__title" id={id}>
            {title}
          </h2>
          {description && <p className="card__description">{description}</p>}
        </div>
        {actions && <div className="card__actions">{actions}</div>}
      </header>
      {children && <div className="card__body">{children}</div>}
    </section>
  );
}
