import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Urdu in Noto Nastaliq, shipped with the app: the hall may have no internet.
import '@fontsource/noto-nastaliq-urdu/arabic-400.css';
import './styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
