import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the Navbat server under /kiosk/; `npm run dev` proxies the API to a server on :3000.
// Two pages: the kiosk (index.html) and the citizen's light phone page (ticket.html, served at /t/:publicId).
export default defineConfig({
  base: '/kiosk/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      // The code both pages share (React, the API client, texts) gets a neutral name.
      output: { chunkFileNames: 'assets/shared-[hash].js' },
      input: {
        kiosk: fileURLToPath(new URL('index.html', import.meta.url)),
        ticket: fileURLToPath(new URL('ticket.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
