// Vite builds ui/ into ui/dist, which the Tauri shell embeds. Vitest runs the
// unit tests (*.test.ts beside the code) in jsdom.
import { defineConfig } from "vitest/config";

export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    // No inline <script>/<style> and no data: module preloads, so the CSP can
    // stay at script-src 'self' / style-src 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
