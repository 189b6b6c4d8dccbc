import { useRouteError } from 'react-router';
import { useEffect } from 'react';
import { Notice } from '../ui/Notice';

/** A screen crashed: say so in words, and offer a reload (the error itself goes to the console). */
export function RouteError() {
  const error = useRouteError();
  useEffect(() => console.error(error), [error]);
  return (
    <main className="center-page" id="main">
      <div className="stack center-page__box">
        <Notice tone="error" title="This screen stopped working">
          Something unexpected happened. Reloading the page usually helps; if it keeps happening, tell your administrator.
        </Notice>
        <div className="form-row form-row--end">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    </main>
  );
}
