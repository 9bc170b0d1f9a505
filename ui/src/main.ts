// Starts the UI: picks the IPC backend (Tauri in the app, the in-memory mock
// in a plain browser) and mounts the window.

import "@fontsource-variable/inter";
import "@fontsource-variable/source-serif-4";
import "./styles/app.css";
import { setBackend } from "./ipc/backend";
import { inTauri, tauriBackend } from "./ipc/tauri";
import { App } from "./app";

async function main(): Promise<void> {
  if (inTauri()) {
    setBackend(tauriBackend);
  } else if (import.meta.env.DEV) {
    // `npm run dev` in a browser: sample data, so the UI can be worked on without Rust.
    // `#empty`, `#q=...`, `#open=2`, `#view=map`, `#events=10000` set the scene for screenshots.
    const { mockBackend } = await import("./ipc/mock");
    const scene = new URLSearchParams(location.hash.slice(1));
    setBackend(mockBackend({ seed: !scene.has("empty"), importDelay: 400, generate: Number(scene.get("generate") ?? 0), events: Number(scene.get("events") ?? 0) }));
    const app = new App();
    document.getElementById("app")!.replaceWith(app.el);
    await app.start();
    await app.devScene(scene);
    return;
  } else {
    document.body.textContent = "Dossier's window must be opened by the Dossier app.";
    return;
  }
  const app = new App();
  document.getElementById("app")!.replaceWith(app.el);
  await app.start();
}

void main();
