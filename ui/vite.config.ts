import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The app's CSP forbids remote resources: nothing here may load from a CDN or font host.
export default defineConfig(({ mode }) => ({
  root: '.',
  clearScreen: false,
  plugins: [svelte(), svelteTesting()],
  // Tests run in jsdom: resolve Svelte's browser build, not its SSR one.
  resolve: mode === 'test' ? { conditions: ['browser'] } : {},
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    mockReset: true,
  },
}));
