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
    // `#empty`, `#q=...`, `#open=2`, `#view=map`, `#events=10000`, `#event=1` set the scene for screenshots.
    const { mockBackend } = await import("./ipc/mock");
    const scene = new URLSearchParams(location.hash.slice(1));
    setBackend(mockBackend({ seed: !scene.has("empty"), importDelay: 400, generate: Number(scene.get("generate") ?? 0), events: Number(scene.get("events") ?? 0) }));
    const app = new App();
    document.getElementById("app")!.replaceWith(app.el);
    await app.start();
    await app.devScene(scene);
    // For the timeline benchmark (src/views/timeline/bench-timeline.mjs) and poking around in devtools.
    (window as unknown as { __dossierDevApp: App }).__dossierDevApp = app;
    if (scene.has("event")) {
      // `#view=timeline&event=1`: select an event once the chart has drawn it.
      for (let i = 0; i < 40; i++) {
        const item = document.querySelector<HTMLElement>(`.tl-label[data-event-id="${Number(scene.get("event"))}"]`);
        if (item) {
          item.click();
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return;
  } else {
    document.body.textContent = "Dossier's window must be opened by the Dossier app.";
    return;
  }
  const app = new App();
  document.getElementById("app")!.replaceWith(app.el);
  await app.start();
}

// A window that fails to start says why instead of staying blank.
main().catch((err: unknown) => {
  console.error(err);
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const box = document.createElement("pre");
  box.className = "startup-error";
  box.textContent = `Dossier could not start.\n\n${message}`;
  document.body.replaceChildren(box);
});
