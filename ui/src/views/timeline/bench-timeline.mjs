// Measures the timeline with N synthetic events in headless Chromium over the
// DevTools protocol: time from the events arriving to the chart drawn
// (buildItems + vis-timeline with clustering), and redraw times while panning.
// Usage: (cd ui && npx vite --port 5174 &) ; node --experimental-websocket src/views/timeline/bench-timeline.mjs [N]
import { spawn } from "node:child_process";

const n = Number(process.argv[2] ?? 10000);
const port = 9333;
const url = `http://localhost:5174/#view=timeline&events=${n}&empty`;
const chrome = spawn("chromium", ["--headless", "--no-sandbox", "--disable-gpu", `--remote-debugging-port=${port}`, "--window-size=1440,900", "about:blank"], { stdio: "ignore" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  let target;
  for (let i = 0; i < 50 && !target; i++) {
    await sleep(200);
    try {
      target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()).find((t) => t.type === "page");
    } catch {}
  }
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((r) => ws.addEventListener("open", r));
  let id = 0;
  const pending = new Map();
  ws.addEventListener("message", (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg.result);
  });
  const send = (method, params = {}) => new Promise((r) => { pending.set(++id, r); ws.send(JSON.stringify({ id, method, params })); });
  const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
  await send("Page.navigate", { url });
  let ms = null;
  for (let i = 0; i < 300 && ms == null; i++) {
    await sleep(100);
    ms = await evaluate(`document.querySelector(".tl-chart")?.getAttribute("data-render-ms") ?? null`);
  }
  await sleep(500);
  const shown = await evaluate(`document.querySelectorAll(".tl-chart .vis-item").length`);
  const pan = await evaluate(`window.__dossierDevApp.timeline.benchPan(40)`);
  pan.sort((a, b) => a - b);
  const q = (p) => pan[Math.min(pan.length - 1, Math.floor(p * pan.length))].toFixed(1);
  const count = await evaluate(`document.querySelector("[data-testid=timeline-count]").textContent`);
  console.log(`${n} events: ${count}`);
  console.log(`first draw (items built + vis-timeline drawn, clustered): ${ms} ms; ${shown} item elements on screen`);
  console.log(`pan redraws (40 steps of a tenth of the window): median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${q(0.999)} ms`);
  ws.close();
} finally {
  chrome.kill();
}
