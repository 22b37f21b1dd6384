import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the Navbat server under /display/; `npm run dev` proxies the API to a server on :3000.
export default defineConfig({
  base: '/display/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
