// Importing files: the native dialog, window drops, and the import command
// with its progress stream and cancel handle.

import { backend, call, type DragDropEvent } from "./backend";
import type { ImportProgress, ImportReport } from "./types";

export interface ImportTask {
  /** Resolves with the summary when the import ends (also when cancelled). */
  done: Promise<ImportReport>;
  /** Asks the import to stop after the current file; what finished stays. */
  cancel(): Promise<void>;
}

/** Starts importing `paths` (files or folders); progress arrives on `onProgress`. */
export function importPaths(paths: string[], onProgress: (p: ImportProgress) => void): ImportTask {
  const onProgressChannel = backend().channel<ImportProgress>(onProgress);
  const done = call<ImportReport>("import_paths", { paths, onProgress: onProgressChannel });
  return {
    done,
    cancel: async () => {
      await call<boolean>("cancel_import");
    },
  };
}

/** Opens the native dialog for files or a folder; [] when the user cancels. */
export const pickPaths = (kind: "files" | "folder") => backend().pickPaths(kind);

/** Subscribes to drag-and-drop on the window. */
export const onDragDrop = (handler: (e: DragDropEvent) => void) => backend().onDragDrop(handler);

export type { DragDropEvent };
