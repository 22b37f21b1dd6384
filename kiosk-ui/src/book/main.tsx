import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import './book.css';
import { BookApp } from './BookApp';

// Served at /book?center=ID; `appointment=<publicId>` (the booking's own link) opens its confirmation.
const params = new URLSearchParams(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BookApp centerId={params.get('center')} appointmentId={params.get('appointment')} />
  </StrictMode>,
);
