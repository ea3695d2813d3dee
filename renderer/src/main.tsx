/** Renderer entry: picks the transport (Electron preload or Node host token) and mounts the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import Shell from './app/Shell/Shell';
import { installTransport } from './lib/api';
import { detectTransport } from './lib/transport';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const transport = detectTransport();
if (transport) {
  installTransport(transport);
  root.render(
    <StrictMode>
      <Shell />
    </StrictMode>,
  );
} else {
  root.render(
    <div className="empty">
      <h2>DBA Workbench</h2>
      <p>This page needs the access token. Open the URL that `dbw serve` printed (it ends in #token=…).</p>
    </div>,
  );
}
