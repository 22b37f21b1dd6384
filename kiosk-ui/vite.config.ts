import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { navbatAppConfig } from '../shared/src/build/vite-app';

// Two pages: the kiosk (index.html) and the citizen's light phone page (ticket.html, served at /t/:publicId).
// The code both share (React, the API client, texts) gets a neutral chunk name.
export default defineConfig(
  navbatAppConfig({
    base: '/kiosk/',
    framework: react(),
    chunkFileNames: 'assets/shared-[hash].js',
    pages: {
      kiosk: fileURLToPath(new URL('index.html', import.meta.url)),
      ticket: fileURLToPath(new URL('ticket.html', import.meta.url)),
      book: fileURLToPath(new URL('book.html', import.meta.url)),
    },
  }),
);
