import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI is built into dist/web and served by the API server (same origin).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
