import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `vite dev` sends API calls: a Twostep server started with `pnpm --filter @twostep/server dev`. */
const apiTarget = process.env.TWOSTEP_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The console reads the shared enums from source, so it never runs against a stale build.
    alias: { '@twostep/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Libraries change less often than the console: separate files stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            // The charts (the compliance history), loaded only by the pages that draw one.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|react-redux|redux-thunk|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/,
              priority: 2,
            },
            { name: 'apollo', test: /node_modules[\\/](@apollo|graphql|graphql-ws|rxjs|@wry|optimism|tslib)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // The server accepts a cookie WebSocket only from its own public origin.
      '/graphql': { target: apiTarget, ws: true, changeOrigin: true, rewriteWsOrigin: true },
      '/schema.graphql': { target: apiTarget, changeOrigin: true },
      '/export': { target: apiTarget, changeOrigin: true },
    },
  },
});
