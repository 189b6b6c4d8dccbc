import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title';
import { EmptyState } from '../ui/EmptyState';
import { PageHeading } from '../ui/PageHeading';

/** Inside the shell: an address that leads nowhere, or an organization the viewer is not in. */
export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'organization' }) {
  useDocumentTitle('Not found');
  return (
    <div className="page">
      <PageHeading>{what === 'organization' ? 'Organization not found' : 'Page not found'}</PageHeading>
      <div className="card">
        <EmptyState
          icon={<Compass size={32} />}
          title={
            what === 'organization'
              ? 'You are not a member of this organization, or it no longer exists.'
              : 'There is nothing at this address.'
          }
        >
          <p>Check the address, or go back to the start.</p>
          <Link to="/" className="btn btn--primary">
            Go to the start
          </Link>
        </EmptyState>
      </div>
    </div>
  );
}
