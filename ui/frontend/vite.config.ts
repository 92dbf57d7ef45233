import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The build lands in the Maven module's classes, so Spring Boot serves it from the jar at "/".
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `npm run dev` against a hub on :8080
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
