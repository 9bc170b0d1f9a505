// The one seam between the UI and the process it runs in. In the app it is
// Tauri's IPC; in unit tests and in a plain browser (`npm run dev`) it is the
// in-memory mock. Only ipc/ files use it; views call the wrappers in ipc/.

import type { IpcErrorBody } from "./types";

/** A command call with an optional progress stream. */
export interface Backend {
  invoke<T>(command: string, args?: Record<string, unknown>): Promise<T>;
  /** Makes a progress stream the command can write to; pass the token as an argument. */
  channel<T>(onMessage: (message: T) => void): unknown;
  /** Native open dialog; resolves to the chosen paths (empty when cancelled). */
  pickPaths(kind: "files" | "folder"): Promise<string[]>;
  /** Native drag-and-drop on the window; returns an unsubscribe function. */
  onDragDrop(handler: (event: DragDropEvent) => void): Promise<() => void>;
}

export type DragDropEvent =
  | { type: "enter"; paths: string[] }
  | { type: "over" }
  | { type: "drop"; paths: string[] }
  | { type: "leave" };

/** The error a command rejected with, as a thrown value. */
export class IpcError extends Error {
  readonly code: string;
  constructor(body: IpcErrorBody) {
    super(body.message);
    this.name = "IpcError";
    this.code = body.code;
  }
}

let current: Backend | null = null;

/** Installs the backend; main.ts calls it once at start, tests call it with the mock. */
export function setBackend(backend: Backend): void {
  current = backend;
}

export function backend(): Backend {
  if (!current) throw new Error("no IPC backend installed");
  return current;
}

/** Calls a command and turns its `{code, message}` rejection into an IpcError. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await backend().invoke<T>(command, args);
  } catch (err) {
    throw toIpcError(err);
  }
}

export function toIpcError(err: unknown): IpcError {
  if (err instanceof IpcError) return err;
  if (err && typeof err === "object" && "code" in err && "message" in err) {
    return new IpcError(err as IpcErrorBody);
  }
  return new IpcError({ code: "unknown", message: String(err) });
}
