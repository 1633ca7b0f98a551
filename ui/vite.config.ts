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

/**
 * Fails the build when a script holds a character outside ASCII (the `esbuild.charset` below
 * keeps them out): a minifier that ignored the setting would otherwise slow the start unseen.
 */
function asciiScripts(): Plugin {
  return {
    name: "ascii-scripts",
    apply: "build",
    generateBundle(_, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        const at = output.code.search(/[\u0080-\uffff]/);
        if (at >= 0) this.error(`${output.fileName} holds a non-ASCII character at ${at}`);
      }
    },
  };
}

// Tauri loads the built files from ../ui/dist; relative asset paths keep that working.
export default defineConfig({
  base: "./",
  plugins: [react(), fetchAppChunkEarly("/src/renderApp.tsx"), asciiScripts()],
  clearScreen: false,
  // ASCII-only output (other characters as escapes): WebKit keeps a script's text in 8-bit form
  // only when every character fits in Latin-1, and one typographic quote in the app's chunk would
  // make all of it 16-bit, which JavaScriptCore parses more slowly at start and holds at twice
  // the size.
  esbuild: { charset: "ascii" },
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
