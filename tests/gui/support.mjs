// What the GUI tests share: where the app binary is, and a session that starts
// tauri-driver (which starts WebKitWebDriver and the app) on its own ports,
// opens a WebDriver session on the app's window, and tears both down.

import { spawn, spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { connect } from "node:net";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/dossier/target");
export const APP = resolve(process.env.DOSSIER_APP ?? join(targetDir, "debug/dossier-app"));
export const SHOTS = join(repo, "docs/screenshots");

/** Resolves when something accepts connections on the port, or fails after 30 s. */
async function waitForPort(port) {
  for (let i = 0; i < 300; i++) {
    const open = await new Promise((r) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        r(true);
      });
      socket.on("error", () => r(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port}: tauri-driver or WebKitWebDriver did not start`);
}

/**
 * The app under WebDriver. `env` is the app's environment (the library path,
 * test hooks, ...); each test file gives its own ports so that files can run
 * side by side.
 */
export class AppSession {
  constructor({ port, nativePort }) {
    this.port = port;
    this.nativePort = nativePort;
    this.driver = null;
    this.browser = null;
  }

  async #startDriver(env) {
    this.driver = spawn("tauri-driver", ["--port", String(this.port), "--native-port", String(this.nativePort)], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    // A session requested before both drivers listen fails with "connection refused".
    await waitForPort(this.port);
    await waitForPort(this.nativePort);
  }

  /** Starts the app and returns the WebDriver session once its window is up. */
  async open(env) {
    // Starting WebKitGTK on a busy 2-core machine is slow; a session request
    // that races the driver's start is retried rather than failing the test.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#startDriver(env);
        this.browser = await remote({
          hostname: "127.0.0.1",
          port: this.port,
          logLevel: "error",
          connectionRetryCount: 0,
          capabilities: {
            browserName: "wry",
            "wdio:enforceWebDriverClassic": true,
            "tauri:options": { application: APP },
          },
        });
        await this.browser.$(".app").waitForExist({ timeout: 30_000 });
        return this.browser;
      } catch (err) {
        await this.close();
        if (attempt === 3) throw err;
        console.warn(`starting the app failed (attempt ${attempt}): ${err.message}; retrying`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async close() {
    if (this.browser) await this.browser.deleteSession().catch(() => {});
    this.browser = null;
    if (this.driver) {
      const driver = this.driver;
      const exited = new Promise((r) => driver.once("exit", r));
      driver.kill();
      await exited;
    }
    this.driver = null;
    // An app the driver leaves behind keeps the test file's output pipe open,
    // and node's runner then waits for it forever (seen once in a CI run).
    spawnSync("pkill", ["-KILL", "-f", APP]);
  }
}
