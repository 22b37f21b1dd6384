import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin, PluginOption, UserConfig } from 'vite';

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

/**
 * The Vite config every Navbat app shares: served by the Navbat server under `base`, precompressed,
 * and in `npm run dev` proxying the API and sockets to a server on :3000. `framework` is the app's own
 * React plugin (each app depends on it); `pages` names extra HTML entries.
 */
export function navbatAppConfig(options: {
  base: string;
  framework: PluginOption;
  pages?: Record<string, string>;
  chunkFileNames?: string;
}): UserConfig {
  return {
    base: options.base,
    plugins: [options.framework, precompress()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: false,
      rollupOptions: {
        ...(options.pages ? { input: options.pages } : {}),
        ...(options.chunkFileNames ? { output: { chunkFileNames: options.chunkFileNames } } : {}),
      },
    },
    server: {
      proxy: {
        '/api': 'http://localhost:3000',
        '/healthz': 'http://localhost:3000',
        '/socket.io': { target: 'http://localhost:3000', ws: true },
      },
    },
  };
}
