import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { navbatAppConfig } from '../shared/src/build/vite-app';

export default defineConfig(navbatAppConfig({ base: '/display/', framework: react() }));
