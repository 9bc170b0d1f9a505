// The whole UI over the mock backend: import through the drop handler, the
// list, search with highlights, the reader, and a correction.

import { beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "./ipc/backend";
import { mockBackend } from "./ipc/mock";
import { App } from "./app";

const until = async (cond: () => unknown, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("App over the mock backend", () => {
  let app: App;
  let mock: ReturnType<typeof mockBackend>;

  beforeEach(async () => {
    document.body.replaceChildren();
    mock = mockBackend({});
    setBackend(mock);
    app = new App();
    document.body.appendChild(app.el);
    await app.start();
  });

  it("shows the empty state, then imports dropped files with a summary", async () => {
    expect(app.el.querySelector(".library-view")!.classList.contains("is-empty")).toBe(true);
    expect(app.el.querySelector(".empty-title")!.textContent).toBe("Drop articles here, or choose files…");

    const report = await app.importDropped([
      "/x/000_0de35cad8aa68667.txt",
      "/x/001_70233f100cf7bd15.txt",
      "/x/003_01e3faa3e6340277.txt",
      "/x/photo.jpg",
      "/x/broken.pdf",
    ]);
    expect(report!.articles_added).toBe(3);
    const panel = app.el.querySelector(".import-panel")!;
    expect(panel.textContent).toContain("3 articles added · 1 failed · 1 skipped");
    expect(panel.querySelector(".g-failed")!.textContent).toContain("the PDF has no text layer");
    await until(() => app.el.querySelectorAll(".row-title").length === 3);
    expect(app.el.querySelector(".library-view")!.classList.contains("is-empty")).toBe(false);
    expect(app.el.querySelector(".list-count")!.textContent).toBe("3 articles");
  });

  it("searches with highlighted snippets and corrects a date in the reader", async () => {
    await app.importDropped(["/x/000_0de35cad8aa68667.txt", "/x/001_70233f100cf7bd15.txt"]);
    const search = app.el.querySelector<HTMLInputElement>(".search-input")!;
    search.value = "dangerous escalation";
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await until(() => app.el.querySelectorAll("mark").length === 2);
    expect([...app.el.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["dangerous escalation", "dangerous escalation"]);

    (app.el.querySelector(".vlist-row") as HTMLElement).click();
    await until(() => app.el.querySelector(".reader-title"));
    (app.el.querySelector("[data-action=edit]") as HTMLElement).click();
    const date = app.el.querySelector<HTMLInputElement>("input[name=published]")!;
    date.value = "2023-11-21";
    app.el.querySelector<HTMLFormElement>(".edit-form")!.requestSubmit();
    await until(() => app.el.querySelector(".detail-row[data-field=published] .src-user"));
    expect(app.el.querySelector(".detail-row[data-field=published] dd")!.textContent).toBe("21 Nov 2023");
    expect(mock.calls).toContain("correct_article");
  });

  it("refuses a malformed date without calling the core", async () => {
    await app.importDropped(["/x/000_0de35cad8aa68667.txt"]);
    await until(() => app.el.querySelector(".vlist-row .row-title"));
    (app.el.querySelector(".vlist-row") as HTMLElement).click();
    await until(() => app.el.querySelector("[data-action=edit]"));
    (app.el.querySelector("[data-action=edit]") as HTMLElement).click();
    app.el.querySelector<HTMLInputElement>("input[name=published]")!.value = "22/11/2023";
    app.el.querySelector<HTMLFormElement>(".edit-form")!.requestSubmit();
    await new Promise((r) => setTimeout(r, 20));
    expect(app.el.querySelector(".edit-error")!.textContent).toContain("2023-11-22");
    expect(mock.calls).not.toContain("correct_article");
  });

  it("switches views from the sidebar and with Ctrl+F", async () => {
    (app.el.querySelector("[data-view=timeline]") as HTMLElement).click();
    expect(app.el.querySelector(".timeline-view")).not.toBeNull();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "f", ctrlKey: true }));
    expect(app.el.querySelector(".library-view")).not.toBeNull();
  });

  it("opens a report on the story of the article in the reader", async () => {
    await app.importDropped(["/x/000_0de35cad8aa68667.txt", "/x/001_70233f100cf7bd15.txt", "/x/003_01e3faa3e6340277.txt"]);
    await until(() => app.el.querySelectorAll(".vlist-row").length === 3);
    const row = [...app.el.querySelectorAll<HTMLElement>(".vlist-row")].find((r) => r.querySelector(".row-title")!.textContent!.startsWith("Iraq says U.S."))!;
    row.click();
    await until(() => app.el.querySelector("[data-action=report-story]"));
    (app.el.querySelector("[data-action=report-story]") as HTMLElement).click();
    expect(app.el.querySelector("[data-view=reports]")!.getAttribute("aria-current")).toBe("page");
    await until(() => app.el.querySelector<HTMLElement>(".rp-pane")?.dataset.state === "ready");
    expect(app.el.querySelector(".rp-choice")!.textContent).toBe("Story of Iraq says U.S. strikes a ‘dangerous escalation’");
    const root = app.el.querySelector(".rp-host")!.shadowRoot!;
    // The story's two versions, and only the preview for the story was asked for.
    expect(root.querySelectorAll("#sources li")).toHaveLength(2);
    expect(mock.calls.filter((c) => c === "preview_report")).toHaveLength(1);
  });
});
