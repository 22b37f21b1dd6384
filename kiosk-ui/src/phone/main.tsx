import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import './phone.css';
import { PhoneApp } from './PhoneApp';

// The page is served at /t/:publicId; the last path segment is the ticket's public id.
const publicId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PhoneApp publicId={publicId} />
  </StrictMode>,
);
