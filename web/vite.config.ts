import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Three faces, one build. Entries sit at the URL paths they are served from,
// so dist/ mirrors the site: dist/index.html, dist/h5/index.html, dist/screen/index.html.
export default defineConfig({
  base: '/',
  // The server swaps this for a fresh nonce on every page view and names it in the CSP (server/src/platform/security-headers.ts).
  html: { cspNonce: '__GZ_CSP_NONCE__' },
  plugins: [react()],
  resolve: {
    // antd-mobile's older deps peer React ≤ 18, so npm hoists react@18 to the root node_modules and puts
    // react@19 in web/node_modules. Without dedupe, antd and react-query would bundle the second copy.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    chunkSizeWarningLimit: 1000, // antd alone is ~700 kB; the H5 and cockpit do not load it
    rolldownOptions: {
      input: {
        workbench: here('./index.html'),
        h5: here('./h5/index.html'),
        screen: here('./screen/index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/readyz': 'http://127.0.0.1:3000' },
  },
});
