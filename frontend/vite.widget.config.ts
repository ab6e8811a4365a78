/**
 * The visitor widget: one self-contained script, dist/widget.js (an IIFE, no React, no Ant
 * Design), and its demo host page, dist/widget-demo.html. Run after the app's build (which
 * empties dist/): `vite build && vite build -c vite.widget.config.ts`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { defineConfig, type Plugin } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The demo page is a static file: copied as is, next to the script it loads. */
function demoPage(): Plugin {
  return {
    name: "widget-demo-page",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "widget-demo.html",
        source: readFileSync(here("./src/widget/demo.html"), "utf8"),
      });
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [demoPage()],
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: false,
    // Host pages are anybody's: keep to what browsers of the last few years run.
    target: "es2019",
    lib: {
      entry: here("./src/widget/main.ts"),
      formats: ["iife"],
      name: "HelpdeskWidgetBundle",
      fileName: () => "widget.js",
    },
  },
});
