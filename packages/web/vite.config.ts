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
  },
  server: {
    port: 5173,
    proxy: {
      // The server accepts a cookie WebSocket only from its own public origin.
      '/graphql': { target: apiTarget, ws: true, changeOrigin: true, rewriteWsOrigin: true },
      '/schema.graphql': { target: apiTarget, changeOrigin: true },
    },
  },
});
