import { describe, expect, it } from "vitest";
import { importRequest, nextDropState, summarize } from "./drop";
import type { ImportReport } from "../ipc/types";

describe("drop handler: paths to import request", () => {
  it("keeps files and folders in order, without blanks or duplicates", () => {
    expect(importRequest(["/a/x.txt", " ", "/a/folder/", "/a/folder", "/a/x.txt", "/b.pdf"])).toEqual([
      "/a/x.txt",
      "/a/folder/",
      "/b.pdf",
    ]);
  });

  it("returns null when nothing is left", () => {
    expect(importRequest([])).toBeNull();
    expect(importRequest(["", "  "])).toBeNull();
  });

  it("keeps the root folder as it is", () => {
    expect(importRequest(["/"])).toEqual(["/"]);
  });
});

describe("drop overlay state", () => {
  it("shows while dragging and hides on drop or leave", () => {
    let s = nextDropState({ dragging: false }, { type: "enter", paths: ["/a", "/b"] });
    expect(s).toEqual({ dragging: true, count: 2 });
    s = nextDropState(s, { type: "over" });
    expect(s).toEqual({ dragging: true, count: 2 });
    expect(nextDropState(s, { type: "drop" })).toEqual({ dragging: false });
    expect(nextDropState(s, { type: "leave" })).toEqual({ dragging: false });
  });
});

describe("import summary", () => {
  const report: ImportReport = {
    files: [
      { status: "added", path: "/a/one.txt", article_ids: [1] },
      { status: "added", path: "/a/news.mbox", article_ids: [2, 3, 4] },
      { status: "already_in_library", path: "/a/two.txt", article_ids: [5] },
      { status: "failed", path: "/a/scan.pdf", reason: "the PDF has no text layer", kind: "no_text" },
      { status: "skipped", path: "/a/photo.jpg", reason: "not a format Dossier reads" },
    ],
    articles_added: 4,
    already_in_library: 1,
    failed: 1,
    skipped: 1,
    cancelled: false,
    seconds: 0.4,
  };

  it("groups outcomes and counts articles, not files", () => {
    const s = summarize(report);
    expect(s.added.map((f) => f.path)).toEqual(["/a/one.txt", "/a/news.mbox"]);
    expect(s.already).toHaveLength(1);
    expect(s.failed[0].reason).toBe("the PDF has no text layer");
    expect(s.skipped[0].path).toBe("/a/photo.jpg");
    expect(s.headline).toBe("4 articles added · 1 already in library · 1 failed · 1 skipped");
  });

  it("says when the import was cancelled", () => {
    const s = summarize({ ...report, files: [], articles_added: 1, cancelled: true });
    expect(s.headline).toBe("Import cancelled: 1 article added");
  });
});
