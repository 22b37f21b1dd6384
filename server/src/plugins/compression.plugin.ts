import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/**
 * Compresses dynamic answers (JSON, CSV, metrics) above 1 KiB with br or gzip for clients that accept them.
 * Registered before every route, since it attaches to routes as they are added. Files the build already
 * compressed go out as they are (they carry Content-Encoding, which the plugin leaves alone); Socket.IO
 * answers its own path on the raw server and never passes through Fastify.
 */
export const compressionPlugin = fp(
  async (app) => {
    await app.register(compress, {
      threshold: 1024,
      encodings: ['br', 'gzip'],
      // Request bodies are small JSON; inflating them would only let a tiny zip bomb past bodyLimit.
      globalDecompression: false,
    });
  },
  { name: 'compression' },
);
