// Navbat's Web Push service worker, registered by the phone page (/t/:publicId) through
// src/push/subscribe.ts. The server sends `{ kind, text, url }` (encrypted to this browser, nothing
// personal): `near` (your turn is near) and `called` (go to the counter). The text is already in the
// ticket's language.
/* global self */

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { text: event.data ? event.data.text() : '' };
  }
  const kind = data.kind === 'called' ? 'called' : 'near';
  const url = typeof data.url === 'string' && data.url.startsWith('/t/') ? data.url : '/';
  event.waitUntil(
    self.registration.showNotification('Navbat · نوبت', {
      body: typeof data.text === 'string' ? data.text : '',
      dir: 'auto',
      tag: `navbat-${kind}`,
      renotify: true,
      // Being called must not slip away unseen.
      requireInteraction: kind === 'called',
      vibrate: kind === 'called' ? [300, 100, 300, 100, 300] : [200],
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === target);
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});
