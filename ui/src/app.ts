// The window: sidebar navigation, the current view, the import card and the
// drop overlay, and the keyboard shortcuts. Views talk to Rust only through
// ipc/; this file wires them together.

import { h, replace } from "./lib/dom";
import { importRequest, nextDropState, type DropState } from "./lib/drop";
import { icon, type IconName } from "./components/icons";
import { ImportPanel } from "./components/import-panel";
import { DropOverlay } from "./components/drop-overlay";
import { toast } from "./components/toast";
import { LibraryView } from "./views/library";
import { EntitiesView } from "./views/entities";
import { MapView } from "./views/map";
import { TimelineView } from "./views/timeline";
import { ReportsView } from "./views/reports";
import { TimeWindow } from "./lib/time-window";
import { importPaths, onDragDrop, pickPaths, type ImportTask } from "./ipc/import";
import { appInfo } from "./ipc/library";
import { reanalyseLibrary } from "./ipc/entities";
import type { AppInfo, ImportReport } from "./ipc/types";
import logoUrl from "../../icons/128x128.png";

type ViewId = "library" | "entities" | "timeline" | "map" | "reports";

const NAV: { id: ViewId; label: string; icon: IconName; soon: boolean }[] = [
  { id: "library", label: "Library", icon: "library", soon: false },
  { id: "entities", label: "Entities", icon: "entities", soon: false },
  { id: "timeline", label: "Timeline", icon: "timeline", soon: false },
  { id: "map", label: "Map", icon: "map", soon: false },
  { id: "reports", label: "Reports", icon: "reports", soon: false },
];

export class App {
  readonly el: HTMLElement;
  private main: HTMLElement;
  private nav: HTMLElement;
  private libraryCount: HTMLElement;
  private libraryPath: HTMLElement;
  private library: LibraryView;
  private entities: EntitiesView;
  private timeWindow = new TimeWindow();
  private map: MapView;
  private timeline: TimelineView;
  private reports: ReportsView;
  private panel = new ImportPanel();
  private overlay = new DropOverlay();
  private dropState: DropState = { dragging: false };
  private running: ImportTask | null = null;
  private view: ViewId = "library";
  info: AppInfo | null = null;

  constructor() {
    this.library = new LibraryView({
      onImportFiles: () => void this.chooseAndImport("files"),
      onImportFolder: () => void this.chooseAndImport("folder"),
      onOpenEntity: (id) => {
        this.show("entities");
        void this.entities.open(id);
      },
      onReportStory: (storyId, title) => {
        // Before showing the view, so that its first preview is this story's.
        this.reports.reportOnStory(storyId, title);
        this.show("reports");
      },
    });
    this.entities = new EntitiesView({
      onOpenArticle: (id, span) => {
        this.show("library");
        void this.library.openArticle(id, span);
      },
      onFilterLibrary: (entity) => {
        this.show("library");
        this.library.filterByEntity(entity.id, entity.name);
      },
    });
    this.map = new MapView({
      window: this.timeWindow,
      onOpenArticle: (id) => {
        this.show("library");
        void this.library.openArticle(id);
      },
      onOpenEvent: (id) => {
        this.show("timeline");
        void this.timeline.openEvent(id);
      },
    });
    this.timeline = new TimelineView({
      window: this.timeWindow,
      onOpenArticle: (id, span) => {
        this.show("library");
        void this.library.openArticle(id, span);
      },
      onShowPlace: (id) => {
        this.show("map");
        void this.map.showPlace(id);
      },
    });
    this.reports = new ReportsView({ window: this.timeWindow });
    this.libraryCount = h("span", { class: "nav-count" });
    this.libraryPath = h("div", { class: "library-path" });
    this.nav = h("nav", { class: "nav", "aria-label": "Views" });
    this.renderNav();
    const sidebar = h(
      "aside",
      { class: "sidebar" },
      h("div", { class: "brand" }, h("img", { src: logoUrl, alt: "", width: 28, height: 28 }), h("span", null, "Dossier")),
      this.nav,
      h(
        "div",
        { class: "sidebar-foot" },
        h("button", { class: "btn btn-primary btn-block", type: "button", "data-action": "import", title: "Import files (Ctrl O)", onclick: () => void this.chooseAndImport("files") }, icon("import", 16), "Import…"),
        h("button", { class: "btn btn-ghost btn-block btn-small", type: "button", onclick: () => void this.chooseAndImport("folder") }, icon("folder", 15), "Import a folder…"),
        this.libraryPath,
      ),
    );
    this.main = h("main", { class: "main" }, this.library.el);
    this.el = h("div", { class: "app" }, sidebar, this.main, this.panel.el, this.overlay.el);
    document.addEventListener("keydown", (e) => this.onKey(e));
  }

  /** Loads the library and subscribes to window drops. */
  async start(): Promise<void> {
    try {
      this.info = await appInfo();
      this.libraryPath.textContent = shortPath(this.info.library_path);
      this.libraryPath.title = this.info.library_path;
      if ("Err" in this.info.stats) {
        toast(`Could not open the library: ${this.info.stats.Err.message}`, "error", 10000);
      }
      if (this.info.test_hooks) this.installTestHooks();
    } catch (err) {
      toast(`Could not reach the app: ${(err as Error).message}`, "error", 10000);
    }
    await this.refresh();
    void this.updateAnalysis();
    try {
      await onDragDrop((event) => {
        this.dropState = nextDropState(this.dropState, event);
        this.overlay.render(this.dropState);
        if (event.type === "drop") void this.importDropped(event.paths);
      });
    } catch (err) {
      console.warn("drag and drop unavailable", err);
    }
  }

  /**
   * A library written by an older Dossier lacks the newer annotations
   * (entities, places, events): bring it up to date in the background,
   * keeping every correction, and say so.
   */
  private async updateAnalysis(): Promise<void> {
    let total = 0;
    try {
      const done = await reanalyseLibrary((p) => {
        if (p.total > 0 && total === 0) toast(`Updating the analysis of ${p.total.toLocaleString("en-US")} articles…`, "info", 4000);
        total = p.total;
      });
      if (done > 0) {
        toast(`Analysis updated for ${done.toLocaleString("en-US")} articles; your corrections were kept.`);
        await this.refresh();
      }
    } catch (err) {
      console.warn("re-analysis failed", err);
    }
  }

  /** What a drop does: the same import the dialog starts. */
  importDropped(paths: string[]): Promise<ImportReport | null> {
    return this.runImport(paths);
  }

  private async chooseAndImport(kind: "files" | "folder"): Promise<void> {
    try {
      const paths = await pickPaths(kind);
      if (paths.length) await this.runImport(paths);
    } catch (err) {
      toast(`Could not open the file dialog: ${(err as Error).message}`, "error");
    }
  }

  private async runImport(paths: string[]): Promise<ImportReport | null> {
    const request = importRequest(paths);
    if (!request) return null;
    if (this.running) {
      toast("An import is already running; drop again when it has finished.");
      return null;
    }
    const task = importPaths(request, (p) => this.panel.progress(p, request.length));
    this.running = task;
    this.panel.start(request.length, () => void task.cancel());
    try {
      const report = await task.done;
      this.panel.finish(report);
      this.show("library");
      await this.refresh();
      return report;
    } catch (err) {
      this.panel.fail((err as Error).message);
      return null;
    } finally {
      this.running = null;
    }
  }

  private async refresh(): Promise<void> {
    await this.library.refresh();
    try {
      const info = await appInfo();
      this.libraryCount.textContent = "Ok" in info.stats ? info.stats.Ok.articles.toLocaleString("en-US") : "";
    } catch {
      this.libraryCount.textContent = "";
    }
  }

  private show(view: ViewId): void {
    if (view === this.view) return;
    this.view = view;
    this.renderNav();
    if (view === "library") replace(this.main, this.library.el);
    else if (view === "entities") {
      replace(this.main, this.entities.el);
      void this.entities.refresh();
    } else if (view === "map") {
      replace(this.main, this.map.el);
      void this.map.refresh();
    } else if (view === "timeline") {
      replace(this.main, this.timeline.el);
      void this.timeline.refresh();
    } else {
      replace(this.main, this.reports.el);
      void this.reports.refresh();
    }
  }

  private renderNav(): void {
    replace(
      this.nav,
      ...NAV.map((item) =>
        h(
          "button",
          {
            class: `nav-item${item.id === this.view ? " active" : ""}`,
            type: "button",
            "data-view": item.id,
            "aria-current": item.id === this.view ? "page" : null,
            onclick: () => this.show(item.id),
          },
          icon(item.icon, 18),
          h("span", { class: "nav-label" }, item.label),
          item.id === "library" ? this.libraryCount : item.soon ? h("span", { class: "nav-soon" }, "Soon") : null,
        ),
      ),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "f") {
      e.preventDefault();
      this.show("library");
      this.library.focusSearch();
    } else if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "o") {
      e.preventDefault();
      void this.chooseAndImport("files");
    } else if (mod && e.key >= "1" && e.key <= "5") {
      e.preventDefault();
      this.show(NAV[Number(e.key) - 1].id);
    } else if (e.key === "Escape" && this.panel.el.dataset.state === "done" && !this.panel.el.hidden) {
      this.panel.hide();
    }
  }

  /** Dev server only: sets up a scene from the URL hash for screenshots. */
  async devScene(scene: URLSearchParams): Promise<void> {
    const view = scene.get("view") as ViewId | null;
    if (view) this.show(view);
    if (scene.has("q")) {
      this.library.search.value = scene.get("q")!;
      this.library.search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    }
    if (scene.has("open")) await this.library.openArticle(Number(scene.get("open")));
    if (scene.has("entity")) await this.entities.open(Number(scene.get("entity")));
    if (scene.has("drop")) void this.importDropped(["/home/analyst/new/a.txt", "/home/analyst/new/b.txt", "/home/analyst/new/broken.pdf", "/home/analyst/new/photo.jpg"]);
  }

  /**
   * A native file drop cannot be performed through WebDriver, so with
   * DOSSIER_TEST_HOOKS=1 the GUI tests call the drop handler directly.
   */
  private installTestHooks(): void {
    (window as unknown as { __dossierTest: unknown }).__dossierTest = {
      drop: (paths: string[]) => this.importDropped(paths),
    };
  }
}

/** "/home/ana/.local/share/dossier/library.sqlite" → "~/.local/share/dossier/library.sqlite". */
export function shortPath(path: string): string {
  return path.replace(/^(\/home\/[^/]+|\/root|\/Users\/[^/]+)(?=\/)/, "~");
}
