import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-nastaliq-urdu/arabic-400.css';
import '@fontsource/noto-nastaliq-urdu/arabic-700.css';
import './kiosk.css';
import { KioskApp } from './KioskApp';
import { readKioskConfig } from './config';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KioskApp config={readKioskConfig(location.search)} />
  </StrictMode>,
);
