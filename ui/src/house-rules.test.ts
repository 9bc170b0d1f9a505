// House rules checked on every `npm test`: only ipc/ talks to Tauri, and no
// code builds markup from strings (article text is untrusted).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe("house rules", () => {
  const files = sources(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") }));

  it("imports @tauri-apps only in ipc/tauri.ts", () => {
    const offenders = files.filter((f) => /from\s+["']@tauri-apps\//.test(f.text) && f.path !== join("ipc", "tauri.ts"));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("never parses strings as HTML", () => {
    const risky = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|new Function|\beval\(/;
    expect(files.filter((f) => risky.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  // The one exception: the report preview parses Dossier's own report HTML
  // into an inert document, prunes it and shows it under a shadow root.
  it("parses HTML only in the report preview, which prunes it first", () => {
    expect(files.filter((f) => /DOMParser/.test(f.text)).map((f) => f.path)).toEqual([join("views", "reports", "preview.ts")]);
  });

  it("opens every file with a comment saying what it is for", () => {
    expect(files.filter((f) => !f.text.startsWith("//")).map((f) => f.path)).toEqual([]);
  });
});
