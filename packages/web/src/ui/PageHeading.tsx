import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The page's h1. It takes the focus when the page opens, so after a navigation a screen reader
 * starts at the new page's title and a keyboard user tabs on from there.
 */
export function PageHeading({
  children,
  description,
  focusOnMount = true,
  actions,
}: {
  children: ReactNode;
  description?: ReactNode;
  focusOnMount?: boolean;
  /** Buttons for the whole page, beside the title. */
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus({ preventScroll: true });
  }, [focusOnMount]);
  const heading = (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1} className="page-heading__title">
        {children}
      </h1>
      {description && <p className="page-heading__description">{description}</p>}
    </div>
  );
  if (!actions) return heading;
  return (
    <div className="page-heading-row">
      {heading}
      <div className="page-heading-row__actions">{actions}</div>
    </div>
  );
}
