import { ApolloProvider } from '@apollo/client/react';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createApolloClient } from './apollo';
import { createRealtime } from './realtime';
import { RealtimeContext } from './realtime-context';
import { createRouter } from './router';

/** One live connection, one Apollo client and one router for the page's lifetime. */
export function App() {
  const [realtime] = useState(() => createRealtime());
  const [client] = useState(() => createApolloClient(realtime));
  const [router] = useState(() => createRouter());
  return (
    <RealtimeContext.Provider value={realtime}>
      <ApolloProvider client={client}>
        <RouterProvider router={router} />
      </ApolloProvider>
    </RealtimeContext.Provider>
  );
}
