import { CircleAlert, CircleCheck, Info, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

const icons = { info: Info, success: CircleCheck, warning: TriangleAlert, error: CircleAlert } as const;

export interface NoticeProps {
  tone?: NoticeTone;
  title?: string;
  children?: ReactNode;
  /** Announce it when it appears (default: yes; errors interrupt, the rest wait their turn). */
  live?: boolean;
  className?: string;
}

/** A message in a box. Errors are announced at once (`role="alert"`), other notices politely. */
export function Notice({ tone = 'info', title, children, live = true, className }: NoticeProps) {
  const Icon = icons[tone];
  const role = live ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={['notice', `notice--${tone}`, className ?? ''].filter(Boolean).join(' ')} role={role}>
      <Icon className="notice__icon" size={18} aria-hidden="true" />
      <div className="notice__body">
        {title && <p className="notice__title">{title}</p>}
        {children && <div className="notice__text">{children}</div>}
      </div>
    </div>
  );
}
