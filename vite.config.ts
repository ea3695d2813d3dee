import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: a plain web app (no Node) served by the Node host or loaded by Electron from
// its app:// protocol; relative base so both work.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
