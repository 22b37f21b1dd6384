import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes gzip and brotli copies of the built JS and CSS next to them, so the server (`preCompressed`)
 * sends a cheap phone on slow 3G about a third of the bytes, without compressing on every request.
 */
function precompress(): Plugin {
  return {
    name: 'navbat-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(fileName)) continue;
        const file = path.join(dir, fileName);
        const source = fs.readFileSync(file);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// Served by the Navbat server under /kiosk/; `npm run dev` proxies the API to a server on :3000.
// Two pages: the kiosk (index.html) and the citizen's light phone page (ticket.html, served at /t/:publicId).
export default defineConfig({
  base: '/kiosk/',
  plugins: [react(), precompress()],
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
