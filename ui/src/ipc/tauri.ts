// The Tauri backend: the only file that imports @tauri-apps/*.

import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import type { Backend, DragDropEvent } from "./backend";
import { IMPORT_EXTENSIONS } from "../lib/drop";

export const tauriBackend: Backend = {
  invoke: (command, args) => invoke(command, args),
  channel<T>(onMessage: (message: T) => void) {
    const channel = new Channel<T>();
    channel.onmessage = onMessage;
    return channel;
  },
  async pickPaths(kind) {
    const picked = await open(
      kind === "folder"
        ? { directory: true, multiple: true, title: "Import a folder of articles" }
        : {
            multiple: true,
            title: "Import articles",
            filters: [
              { name: "Articles", extensions: [...IMPORT_EXTENSIONS] },
              { name: "All files", extensions: ["*"] },
            ],
          },
    );
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  },
  async onDragDrop(handler) {
    return getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      const e: DragDropEvent =
        p.type === "enter" || p.type === "drop" ? { type: p.type, paths: p.paths } : { type: p.type };
      handler(e);
    });
  },
};

/** Whether the page runs inside the Tauri webview (not a plain browser or a test). */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
