/// <reference types="vitest/config" />

import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * The React app is a chunk of its own that main.tsx imports once the first screen's data is
 * asked for (src/startup.ts). Vite fetches a dynamic import's chunk only when the import runs;
 * this links it from index.html as well, so the webview fetches it alongside the first script
 * instead of after it.
 */
function fetchAppChunkEarly(entry: string): Plugin {
  return {
    name: "fetch-app-chunk-early",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find(
          (output) => output.type === "chunk" && output.moduleIds.some((id) => id.endsWith(entry)),
        );
        if (chunk?.type !== "chunk") throw new Error(`no chunk was built for ${entry}`);
        return [chunk.fileName, ...chunk.imports]
          .filter((file) => !html.includes(file))
          .map((file) => ({
            tag: "link",
            attrs: { rel: "modulepreload", crossorigin: true, href: `./${file}` },
            injectTo: "head" as const,
          }));
      },
    },
  };
}

// Tauri loads the built files from ../ui/dist; relative asset paths keep that working.
export default defineConfig({
  base: "./",
  plugins: [react(), fetchAppChunkEarly("/src/renderApp.tsx")],
  clearScreen: false,
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  // One stylesheet, linked from index.html: the app chunk's styles would otherwise be fetched
  // only when it is imported, and its first render would wait for them.
  build: { outDir: "dist", target: "es2022", emptyOutDir: true, cssCodeSplit: false },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/testing/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // Typing a hundred characters through user-event takes several seconds on a busy 2-core machine.
    testTimeout: 20_000,
  },
});
