import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from './Logo';

/** The frame of the signed-out pages: the name, one card, and a short footer. */
export function AuthLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-layout">
      <header className="auth-layout__brand">
        <Link to="/" className="logo-link" aria-label="Twostep home">
          <Logo />
        </Link>
      </header>
      <main className="auth-layout__card" id="main">
        {children}
      </main>
      {footer && <footer className="auth-layout__footer">{footer}</footer>}
    </div>
  );
}
