// The map view: the library's places on an offline basemap (Leaflet, canvas
// renderer), sized by mentions or events and grouped by a grid per zoom level
// (cluster.ts), filtered by the shared time window, an entity and a story. The
// side panel lists the places (also what WebDriver reads), and a chosen
// place's events and articles; there the user corrects a wrong location. Names
// the resolver could not place with confidence are not drawn: the panel lists
// them as "unsure places" for the user to place.

import "leaflet/dist/leaflet.css";
import * as L from "leaflet";
import { h, replace } from "../../lib/dom";
import { dateBound, formatDate, plural } from "../../lib/format";
import type { TimeWindow, Window } from "../../lib/time-window";
import { correctPlace, dismissPlaceName, getPlace, listPlaces, placeCandidates, placeDoubts } from "../../ipc/places";
import { listEntities } from "../../ipc/entities";
import type { ArticleRow, EntityRow, EventRow, PlaceCandidate, PlaceDetail, PlaceDoubt, PlaceRow } from "../../ipc/types";
import { icon } from "../../components/icons";
import { toast } from "../../components/toast";
import { type Cluster, type SizeBy, boundsOf, clusterPlaces, radii } from "./cluster";
import { type Country, type MapColors, labelWidth, labelsAt, loadCountries, readColors } from "./basemap";
import { formatEventDate } from "../timeline/items";
import { type MapFilter, countsLine, isFiltered, matchPlaces, rankPlaces, toGeoTimeFilter } from "./filter";
import { type ExportMarker, downloadPng, paintMap } from "./export";

export interface MapViewOptions {
  window: TimeWindow;
  onOpenArticle(articleId: number): void;
  onOpenEvent(eventId: number): void;
  /** Unit tests: no Leaflet map (jsdom cannot draw), only the panels. */
  headless?: boolean;
}

export const CREDIT = "Basemap: Natural Earth · Places: GeoNames (CC BY 4.0)";
const KIND_LABEL: Record<string, string> = {
  city: "City",
  admin1: "Province",
  country: "Country",
  landmark: "Landmark",
  region: "Region",
  pin: "Pin",
};

/** What a second-level division is called where the gazetteer has them. */
const ADMIN2_LABEL: Record<string, string> = { FR: "Department", PH: "Province" };

function kindLabel(kind: string, country: string): string {
  if (kind === "admin2") return ADMIN2_LABEL[country] ?? "County";
  return KIND_LABEL[kind] ?? kind;
}

const AREA_KINDS = new Set(["country", "admin1", "admin2", "region"]);

type Panel = { kind: "list" } | { kind: "cluster"; places: PlaceRow[] } | { kind: "place"; id: number } | { kind: "doubts" };

/** What a correction is for: the ways the articles write a name, and what to call a pin dropped for it. */
interface Naming {
  names: string[];
  label: string;
}

/** How many unsure names the panel lists (most mentioned first). */
const DOUBTS_SHOWN = 200;

export class MapView {
  readonly el: HTMLElement;
  private readonly mapEl: HTMLElement;
  private readonly side: HTMLElement;
  private readonly status: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly entityInput: HTMLInputElement;
  private readonly entityResults: HTMLUListElement;
  private readonly entityChip: HTMLElement;
  private readonly storyChip: HTMLElement;
  private readonly sizeTabs: HTMLElement;

  private map: L.Map | null = null;
  private basemap: L.GeoJSON | null = null;
  private labelLayer: L.LayerGroup | null = null;
  private markerLayer: L.LayerGroup | null = null;
  private countLayer: L.LayerGroup | null = null;
  private placesRenderer: L.Canvas | null = null;
  private countries: Country[] = [];
  private labelZoom = -1;
  private colors: MapColors | null = null;

  private filter: MapFilter;
  private sizeBy: SizeBy = "mentions";
  private places: PlaceRow[] = [];
  private clusters: Cluster[] = [];
  private clusterZoom = -1;
  private drawn: ExportMarker[] = [];
  private panel: Panel = { kind: "list" };
  private detail: PlaceDetail | null = null;
  private listQuery = "";
  private pinFor: Naming | null = null;
  /** Names held off the map; null until loaded (once per showing, and after each correction). */
  private doubts: PlaceDoubt[] | null = null;
  private fitted = false;
  private centreOnDetail = false;
  private loadToken = 0;
  private entityToken = 0;
  private readonly onWindow = (w: Window) => {
    this.filter = { ...this.filter, window: w };
    this.syncInputs();
    // Hidden, it reloads when shown again (refresh).
    if (this.el.isConnected) void this.load();
  };

  constructor(readonly opts: MapViewOptions) {
    this.filter = { window: opts.window.get(), entity: null, story: null };
    opts.window.subscribe(this.onWindow);

    const dateInput = (label: string, placeholder: string, bound: "from" | "to") => {
      const input = h("input", { type: "text", class: "date-input", "aria-label": label, placeholder, spellcheck: "false", autocomplete: "off", maxlength: 10, "data-bound": bound });
      input.addEventListener("change", () => {
        const value = dateBound(input.value, bound);
        input.classList.toggle("invalid", value === null);
        input.title = value === null ? "Write a year (2023), a month (2023-11) or a day (2023-11-22)" : "";
        if (value === null) return;
        const w = { ...this.filter.window, [bound]: value || null };
        this.opts.window.set(w, this.onWindow);
        this.filter = { ...this.filter, window: this.opts.window.get() };
        void this.load();
      });
      return input;
    };
    this.fromInput = dateInput("Dates from", "From 2023-01", "from");
    this.toInput = dateInput("Dates to", "To 2023-12", "to");

    this.entityInput = h("input", { type: "search", class: "text-input map-entity-input", placeholder: "Filter by entity…", "aria-label": "Filter by entity", autocomplete: "off", spellcheck: "false" });
    this.entityResults = h("ul", { class: "map-entity-results", role: "listbox", hidden: true });
    this.entityInput.addEventListener("input", () => void this.findEntities());
    this.entityInput.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.closeEntityResults();
      if (e.key === "Enter") (this.entityResults.querySelector("button") as HTMLButtonElement | null)?.click();
    });
    this.entityInput.addEventListener("blur", () => setTimeout(() => this.closeEntityResults(), 150));
    this.entityChip = h("span", { class: "chip chip-entity", hidden: true });
    this.storyChip = h("span", { class: "chip chip-story", hidden: true });

    this.sizeTabs = h(
      "div",
      { class: "kind-tabs map-size", role: "group", "aria-label": "Size markers by" },
      ...(["mentions", "events"] as SizeBy[]).map((by) =>
        h("button", { type: "button", class: "kind-tab", "data-size": by, "aria-pressed": String(by === this.sizeBy), onclick: () => this.setSizeBy(by) }, by === "mentions" ? "Mentions" : "Events"),
      ),
    );

    const toolbar = h(
      "header",
      { class: "toolbar map-toolbar" },
      h("div", { class: "date-range" }, this.fromInput, h("span", { class: "dash" }, "–"), this.toInput),
      h("div", { class: "map-entity" }, this.entityInput, this.entityResults),
      this.entityChip,
      this.storyChip,
      h("span", { class: "map-size-label" }, "Size by"),
      this.sizeTabs,
      h("span", { class: "toolbar-spacer" }),
      h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "fit", title: "Show all places", onclick: () => this.fit(true) }, "Fit all"),
      h("button", { type: "button", class: "btn btn-small", "data-action": "export-png", title: "Save the map as it is shown as a PNG image", onclick: () => void this.exportPng() }, icon("import", 15), "Export PNG"),
    );

    this.mapEl = h("div", { class: "map-canvas", role: "application", "aria-label": "Map of places" });
    this.status = h("div", { class: "map-status", hidden: true, "aria-live": "polite" });
    this.banner = h("div", { class: "map-banner", hidden: true });
    const credit = h("div", { class: "map-credit" }, CREDIT);
    const stage = h("section", { class: "map-stage" }, this.mapEl, this.banner, this.status, credit);
    this.side = h("aside", { class: "map-side", "aria-label": "Places" });
    this.el = h("div", { class: "view map-view" }, toolbar, h("div", { class: "map-body" }, stage, this.side));

    if (typeof matchMedia === "function") {
      matchMedia("(prefers-color-scheme: dark)").addEventListener?.("change", () => this.restyle());
    }
    this.syncInputs();
    this.renderSide();
  }

  /** Shown (again): sizes the map, loads the basemap once and the places. */
  async refresh(): Promise<void> {
    // jsdom (the app's unit tests) has no canvas: panels only.
    if (!this.opts.headless && !/jsdom/i.test(navigator.userAgent)) {
      try {
        this.ensureMap();
      } catch (err) {
        toast(`Could not draw the map: ${(err as Error).message}`, "error");
      }
    }
    await Promise.all([this.load(), this.loadDoubts()]);
  }

  /** Restricts the map to one story (from elsewhere in the app, or an article row here). */
  filterByStory(id: number | null, label = `Story ${id}`): void {
    this.filter = { ...this.filter, story: id === null ? null : { id, label } };
    this.renderChips();
    void this.load();
  }

  filterByEntity(entity: { id: number; name: string } | null): void {
    this.filter = { ...this.filter, entity };
    this.renderChips();
    void this.load();
  }

  /**
   * Opens a place's panel and centres the map on it (the timeline's "show on
   * map"); call before or after the view is shown.
   */
  async showPlace(id: number): Promise<void> {
    this.panel = { kind: "place", id };
    this.detail = null;
    this.centreOnDetail = true;
    this.renderSide();
    if (this.el.isConnected) await this.refresh();
  }

  // ---------- data ----------

  private async load(): Promise<void> {
    const token = ++this.loadToken;
    this.el.classList.add("loading");
    try {
      const places = await listPlaces(toGeoTimeFilter(this.filter));
      if (token !== this.loadToken) return;
      this.places = places;
      this.clusterZoom = -1;
      this.draw();
      if (!this.fitted && !this.centreOnDetail && places.length && this.map) {
        this.fit(false);
        this.fitted = true;
      }
      this.renderStatus();
      if (this.panel.kind === "place") await this.loadDetail(this.panel.id);
      else this.renderSide();
    } catch (err) {
      if (token === this.loadToken) toast(`Could not load places: ${(err as Error).message}`, "error");
    } finally {
      if (token === this.loadToken) this.el.classList.remove("loading");
    }
  }

  /** The unsure names are library-wide: loaded when the view is shown, not on every filter change. */
  private async loadDoubts(): Promise<void> {
    try {
      this.doubts = await placeDoubts(DOUBTS_SHOWN);
    } catch {
      this.doubts = [];
    }
    if (this.panel.kind !== "place") this.renderSide();
  }

  private async loadDetail(id: number): Promise<void> {
    try {
      const detail = await getPlace(id, toGeoTimeFilter(this.filter));
      if (this.panel.kind !== "place" || this.panel.id !== id) return;
      this.detail = detail;
      if (this.centreOnDetail && this.map) {
        this.centreOnDetail = false;
        this.fitted = true;
        this.map.setView([detail.place.lat, detail.place.lon], Math.max(this.map.getZoom(), 7));
      }
    } catch {
      this.detail = null;
      this.panel = { kind: "list" };
    }
    this.renderSide();
    this.draw();
  }

  private select(place: PlaceRow): void {
    this.panel = { kind: "place", id: place.id };
    this.detail = null;
    this.renderSide();
    this.draw();
    void this.loadDetail(place.id);
  }

  private setSizeBy(by: SizeBy): void {
    this.sizeBy = by;
    for (const b of this.sizeTabs.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.size === by));
    this.clusterZoom = -1;
    this.draw();
    this.renderSide();
  }

  // ---------- map ----------

  private ensureMap(): void {
    if (this.map) {
      this.map.invalidateSize();
      return;
    }
    this.colors = readColors(this.el);
    const map = L.map(this.mapEl, {
      center: [33, 44],
      zoom: 5,
      minZoom: 2,
      maxZoom: 12,
      zoomSnap: 0.5,
      worldCopyJump: false,
      maxBounds: [
        [-85, -200],
        [85, 200],
      ],
      maxBoundsViscosity: 0.8,
      attributionControl: false,
      preferCanvas: true,
    });
    this.map = map;
    // Panes: basemap under labels under places under cluster counts.
    // (z-index set here: Leaflet's own CSS gives every pane 400.)
    const pane = (name: string, z: number) => {
      const el = map.createPane(name);
      el.style.zIndex = String(z);
      el.style.pointerEvents = "none";
    };
    pane("basemap", 200);
    pane("countries", 350);
    pane("counts", 450);
    this.placesRenderer = L.canvas({ padding: 0.3, tolerance: 3 });
    this.labelLayer = L.layerGroup().addTo(map);
    this.markerLayer = L.layerGroup().addTo(map);
    this.countLayer = L.layerGroup().addTo(map);
    map.on("zoomend moveend", () => this.draw());
    map.on("zoomend", () => this.drawLabels());
    map.on("click", (e: L.LeafletMouseEvent) => void this.dropPin(e.latlng));
    void loadCountries().then((countries) => {
      this.countries = countries;
      this.basemap = L.geoJSON(
        countries.map((c) => c.feature),
        { pane: "basemap", interactive: false, renderer: L.canvas({ pane: "basemap", padding: 0.5 }), style: () => this.countryStyle() } as L.GeoJSONOptions & L.PathOptions,
      ).addTo(map);
      this.drawLabels();
    });
    requestAnimationFrame(() => map.invalidateSize());
  }

  private countryStyle(): L.PathOptions {
    const c = this.colors!;
    return { color: c.border, weight: 0.8, fillColor: c.land, fillOpacity: 1, opacity: 1 };
  }

  /** The theme changed: colours come from CSS variables, canvases must be repainted. */
  private restyle(): void {
    if (!this.map) return;
    this.colors = readColors(this.el);
    this.basemap?.setStyle(this.countryStyle());
    this.clusterZoom = -1;
    this.draw();
  }

  private drawLabels(): void {
    if (!this.map || !this.labelLayer || !this.countries.length) return;
    const zoom = Math.round(this.map.getZoom());
    if (zoom === this.labelZoom) return;
    this.labelZoom = zoom;
    this.labelLayer.clearLayers();
    for (const c of labelsAt(this.countries, zoom)) {
      const label = h("span", { class: "map-country" }, c.name);
      L.marker(c.label, { pane: "countries", interactive: false, keyboard: false, icon: L.divIcon({ className: "map-country-icon", html: label, iconSize: [0, 0] }) }).addTo(this.labelLayer);
    }
  }

  private draw(): void {
    const map = this.map;
    const colors = this.colors;
    if (!map || !colors || !this.markerLayer || !this.countLayer) {
      this.drawn = [];
      return;
    }
    const zoom = map.getZoom();
    if (zoom !== this.clusterZoom) {
      this.clusters = clusterPlaces(this.places, zoom, this.sizeBy);
      this.clusterZoom = zoom;
    }
    let maxWeight = 1;
    for (const p of this.places) maxWeight = Math.max(maxWeight, this.sizeBy === "events" ? p.event_count : p.mention_count);
    const sizes = radii(this.clusters, maxWeight);
    const view = map.getBounds().pad(0.3);
    this.markerLayer.clearLayers();
    this.countLayer.clearLayers();
    const selectedId = this.panel.kind === "place" ? this.panel.id : null;
    const drawn: ExportMarker[] = [];
    // Lightest first: heavy markers are painted last, on top.
    for (let i = this.clusters.length - 1; i >= 0; i--) {
      const c = this.clusters[i];
      if (!view.contains([c.lat, c.lon])) continue;
      const many = c.places.length > 1;
      const selected = c.places.some((p) => p.id === selectedId);
      const radius = sizes.get(c)!;
      const fill = many ? colors.cluster : colors.place;
      // Countries, provinces and regions are areas: a ring, so a town inside stays visible.
      const hollow = !many && AREA_KINDS.has(c.places[0].kind);
      const marker = L.circleMarker([c.lat, c.lon], {
        renderer: this.placesRenderer!,
        radius,
        color: selected ? colors.selected : hollow ? colors.place : colors.placeStroke,
        weight: selected ? 3 : hollow ? 2 : 1.5,
        fillColor: fill,
        fillOpacity: hollow ? 0.12 : 0.82,
      });
      marker.bindTooltip(this.tooltip(c), { direction: "top", offset: [0, -radius], className: "map-tip", opacity: 1 });
      marker.on("click", (e: L.LeafletMouseEvent) => {
        L.DomEvent.stopPropagation(e);
        if (this.pinFor) void this.dropPin(e.latlng);
        else this.clicked(c);
      });
      marker.addTo(this.markerLayer);
      if (many) {
        L.marker([c.lat, c.lon], { pane: "counts", interactive: false, keyboard: false, icon: L.divIcon({ className: "map-count-icon", html: h("span", { class: "map-count" }, String(c.places.length)), iconSize: [0, 0] }) }).addTo(this.countLayer);
      }
      drawn.push({ lat: c.lat, lon: c.lon, radius, fill, stroke: colors.placeStroke, count: c.places.length, selected, hollow, label: null });
    }
    this.labelPlaces(drawn);
    this.drawn = drawn;
    this.mapEl.dataset.markers = String(drawn.length);
  }

  /** Names beside single markers, heaviest first, where they fit without overlapping. */
  private labelPlaces(drawn: ExportMarker[]): void {
    const map = this.map!;
    const size = map.getSize();
    const boxes: [number, number, number, number][] = drawn.map((m) => {
      const p = map.latLngToContainerPoint([m.lat, m.lon]);
      return [p.x - m.radius, p.y - m.radius, p.x + m.radius, p.y + m.radius];
    });
    const order = drawn.map((m, i) => ({ m, i, c: this.clusterAt(m) })).filter((x) => x.m.count === 1 && x.c);
    order.sort((a, b) => b.c!.weight - a.c!.weight);
    let n = 0;
    for (const { m, i, c } of order) {
      if (n >= 80) break;
      const name = c!.places[0].name;
      const p = map.latLngToContainerPoint([m.lat, m.lon]);
      const w = labelWidth(name, 12);
      const box: [number, number, number, number] = [p.x + m.radius + 3, p.y - 8, p.x + m.radius + 3 + w, p.y + 8];
      if (box[2] > size.x || box[3] > size.y || box[1] < 0) continue;
      if (boxes.some((b, j) => j !== i && box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      boxes.push(box);
      m.label = name;
      n++;
      L.marker([m.lat, m.lon], {
        pane: "counts",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "map-count-icon", html: h("span", { class: "map-place-label", "data-r": Math.round(m.radius) }, name), iconSize: [0, 0], iconAnchor: [-(m.radius + 3), 0] }),
      }).addTo(this.countLayer!);
    }
  }

  private clusterAt(m: ExportMarker): Cluster | undefined {
    return this.clusters.find((c) => c.lat === m.lat && c.lon === m.lon);
  }

  private tooltip(c: Cluster): HTMLElement {
    if (c.places.length === 1) {
      const p = c.places[0];
      return h("div", { class: "map-tip-body" }, h("strong", null, p.name), h("span", null, countsLine(p)));
    }
    const names = rankPlaces(c.places, this.sizeBy).slice(0, 4).map((p) => p.name);
    const more = c.places.length - names.length;
    return h(
      "div",
      { class: "map-tip-body" },
      h("strong", null, `${c.places.length} places`),
      h("span", null, names.join(", ") + (more > 0 ? `, +${more}` : "")),
      h("span", null, countsLine({ mention_count: c.mentions, article_count: c.articles, event_count: c.events })),
    );
  }

  private clicked(c: Cluster): void {
    if (c.places.length === 1) {
      this.select(c.places[0]);
      return;
    }
    const [[s, w], [n, e]] = boundsOf(c.places);
    const map = this.map!;
    if (map.getZoom() < map.getMaxZoom() && (n - s > 1e-4 || e - w > 1e-4)) {
      map.fitBounds([[s, w], [n, e]], { padding: [80, 80], maxZoom: map.getMaxZoom() });
    } else {
      this.panel = { kind: "cluster", places: c.places };
      this.renderSide();
    }
  }

  /** Frames the places: towns and landmarks if there are any, so a mention of a country does not zoom out to the world. */
  private fit(animate: boolean): void {
    if (!this.map || !this.places.length) return;
    const local = this.places.filter((p) => p.kind !== "country" && p.kind !== "region");
    const [[s, w], [n, e]] = boundsOf(local.length ? local : this.places);
    this.map.fitBounds(
      [
        [s, w],
        [n, e],
      ],
      { padding: [70, 70], maxZoom: 6, animate },
    );
  }

  // ---------- corrections ----------

  private startPin(target: Naming): void {
    this.pinFor = target;
    this.el.classList.add("pin-mode");
    replace(
      this.banner,
      h("span", null, `Click the map where ${target.label} is.`),
      h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "cancel-pin", onclick: () => this.endPin() }, "Cancel"),
    );
    this.banner.hidden = false;
  }

  private endPin(): void {
    this.pinFor = null;
    this.el.classList.remove("pin-mode");
    this.banner.hidden = true;
  }

  private async dropPin(at: L.LatLng): Promise<void> {
    const target = this.pinFor;
    if (!target) return;
    this.endPin();
    const lat = Math.round(at.lat * 1e5) / 1e5;
    const lon = Math.round(L.Util.wrapNum(at.lng, [-180, 180], true) * 1e5) / 1e5;
    await this.corrected(target, (name) => ({ name, lat, lon, label: target.label }), lat, lon);
  }

  private async pick(target: Naming, c: PlaceCandidate): Promise<void> {
    await this.corrected(target, (name) => ({ name, entry: c.entry }), c.lat, c.lon);
  }

  /** Sends the correction for each way the articles write the place, reloads, and follows the place to where it went. */
  private async corrected(target: Naming, make: (name: string) => Parameters<typeof correctPlace>[0], lat: number, lon: number): Promise<void> {
    // The core answers with the place id the name now points to (the wrapper
    // is typed void; a number is used when it comes).
    let placeId: unknown = null;
    try {
      for (const name of target.names) placeId = await correctPlace(make(name));
    } catch (err) {
      toast(`Could not place ${target.label}: ${(err as Error).message}`, "error");
      return;
    }
    this.panel = { kind: "list" };
    this.detail = null;
    await Promise.all([this.load(), this.loadDoubts()]);
    const moved =
      this.places.find((p) => p.id === placeId) ??
      this.places
        .map((p) => ({ p, d: Math.abs(p.lat - lat) + Math.abs(p.lon - lon) }))
        .filter((x) => x.d < 0.01)
        .sort((a, b) => a.d - b.d)[0]?.p;
    if (moved) {
      this.select(moved);
      this.map?.panTo([moved.lat, moved.lon]);
    }
    toast(`${target.label} placed`);
  }

  /** The user says the name is not a place: off the map and the unsure list, now and in future imports. */
  private async dismiss(target: Naming): Promise<void> {
    try {
      for (const name of target.names) await dismissPlaceName(name);
    } catch (err) {
      toast(`Could not change ${target.label}: ${(err as Error).message}`, "error");
      return;
    }
    if (this.panel.kind === "place") {
      this.panel = { kind: "list" };
      this.detail = null;
    }
    await Promise.all([this.load(), this.loadDoubts()]);
    toast(`“${target.label}” is no longer treated as a place`);
  }

  // ---------- panels ----------

  private syncInputs(): void {
    this.fromInput.value = this.filter.window.from ?? "";
    this.toInput.value = this.filter.window.to ?? "";
    this.fromInput.classList.remove("invalid");
    this.toInput.classList.remove("invalid");
  }

  private renderChips(): void {
    const chip = (el: HTMLElement, label: string | null, clear: () => void, what: string) => {
      el.hidden = label === null;
      if (label !== null) replace(el, label, h("button", { type: "button", class: "chip-x", "aria-label": `Clear ${what} filter`, onclick: clear }, icon("close", 12)));
    };
    chip(this.entityChip, this.filter.entity?.name ?? null, () => this.filterByEntity(null), "entity");
    chip(this.storyChip, this.filter.story?.label ?? null, () => this.filterByStory(null), "story");
  }

  private async findEntities(): Promise<void> {
    const text = this.entityInput.value.trim();
    const token = ++this.entityToken;
    if (!text) {
      this.closeEntityResults();
      return;
    }
    let rows: EntityRow[] = [];
    try {
      rows = (await listEntities({ text, limit: 8, sort: "mentions" })).rows;
    } catch {
      rows = [];
    }
    if (token !== this.entityToken) return;
    replace(
      this.entityResults,
      ...(rows.length
        ? rows.map((e) =>
            h(
              "li",
              { role: "option" },
              h(
                "button",
                {
                  type: "button",
                  "data-entity-id": e.id,
                  onmousedown: (ev: Event) => ev.preventDefault(),
                  onclick: () => {
                    this.entityInput.value = "";
                    this.closeEntityResults();
                    this.filterByEntity({ id: e.id, name: e.name });
                  },
                },
                h("span", { class: `kind-dot kind-${e.kind.toLowerCase()}` }),
                h("span", { class: "map-entity-name" }, e.name),
                h("span", { class: "map-muted" }, plural(e.mention_count, "mention")),
              ),
            ),
          )
        : [h("li", { class: "map-muted map-entity-none" }, "No entity by that name")]),
    );
    this.entityResults.hidden = false;
  }

  private closeEntityResults(): void {
    this.entityResults.hidden = true;
  }

  private renderStatus(): void {
    if (this.places.length) {
      this.status.hidden = true;
      return;
    }
    replace(
      this.status,
      h("strong", null, isFiltered(this.filter) ? "No places match these filters" : "No places yet"),
      h("span", null, isFiltered(this.filter) ? "Widen the dates or clear the entity and story filters." : "Import articles: the places they mention appear here."),
    );
    this.status.hidden = false;
  }

  private renderSide(): void {
    if (this.panel.kind === "place") replace(this.side, this.placePanel());
    else if (this.panel.kind === "doubts") replace(this.side, this.doubtsPanel());
    else if (this.panel.kind === "cluster") replace(this.side, this.listPanel(this.panel.places, `${this.panel.places.length} places here`, true));
    else replace(this.side, this.listPanel(this.places, "Places", false));
  }

  private listPanel(places: PlaceRow[], title: string, back: boolean): HTMLElement {
    const list = h("ul", { class: "map-places", "aria-label": title });
    const fill = () => {
      const shown = rankPlaces(matchPlaces(places, this.listQuery), this.sizeBy);
      replace(
        list,
        ...shown.slice(0, 500).map((p) =>
          h(
            "li",
            { "data-place": p.name, "data-place-id": p.id },
            h(
              "button",
              { type: "button", class: "map-place-row", onclick: () => this.select(p), onmouseenter: () => this.hoverPlace(p), onmouseleave: () => this.hoverPlace(null) },
              h("span", { class: `map-dot map-dot-${p.kind}` }),
              h("span", { class: "map-place-name" }, p.name),
              h("span", { class: "map-place-n", title: countsLine(p) }, String(this.sizeBy === "events" ? p.event_count : p.mention_count)),
            ),
          ),
        ),
        shown.length > 500 ? h("li", { class: "map-muted map-more" }, `and ${(shown.length - 500).toLocaleString("en-US")} more: zoom in or search`) : null,
      );
    };
    fill();
    const find = h("input", { type: "search", class: "text-input map-find", placeholder: "Find a place", "aria-label": "Find a place", value: this.listQuery });
    find.addEventListener("input", () => {
      this.listQuery = find.value;
      fill();
    });
    return h(
      "div",
      { class: "map-panel" },
      h(
        "div",
        { class: "map-panel-head" },
        back ? h("button", { type: "button", class: "icon-btn", "aria-label": "All places", "data-action": "back", onclick: () => this.back() }, icon("chevron", 16, "icon flip")) : null,
        h("h2", null, title),
        h("span", { class: "map-muted" }, `${places.length.toLocaleString("en-US")} · by ${this.sizeBy}`),
      ),
      back ? null : this.doubtsLink(),
      places.length > 8 ? find : null,
      list,
    );
  }

  /** "3 unsure places": names held off the map, one click from being placed. */
  private doubtsLink(): HTMLElement | null {
    const n = this.doubts?.length ?? 0;
    if (!n) return null;
    const count = n >= DOUBTS_SHOWN ? `${n}+` : String(n);
    return h(
      "button",
      { type: "button", class: "map-doubts-link", "data-action": "doubts", title: "Names the resolver could not place with confidence; they are not on the map until you say where they are", onclick: () => this.showDoubts() },
      icon("alert", 14),
      h("span", null, `${count} unsure ${n === 1 ? "place" : "places"}`),
      h("span", { class: "map-muted" }, "not on the map"),
    );
  }

  private showDoubts(): void {
    this.panel = { kind: "doubts" };
    this.detail = null;
    this.renderSide();
    this.draw();
  }

  private doubtsPanel(): HTMLElement {
    const doubts = this.doubts ?? [];
    const back = h("button", { type: "button", class: "icon-btn", "aria-label": "All places", "data-action": "back", onclick: () => this.back() }, icon("chevron", 16, "icon flip"));
    return h(
      "div",
      { class: "map-panel map-doubts" },
      h("div", { class: "map-panel-head" }, back, h("h2", null, "Unsure places"), h("span", { class: "map-muted" }, String(doubts.length))),
      h("p", { class: "map-muted map-doubts-note" }, "These names could mean several places and the articles do not say which, or the only place known by the name lies where the article says it is not. Pick one or drop a pin, and every mention written so moves to the map, now and in future imports; or say it is not a place."),
      doubts.length
        ? h("ul", { class: "map-doubt-list" }, ...doubts.map((d) => this.doubtRow(d)))
        : h("p", { class: "map-muted" }, "Nothing left to place."),
    );
  }

  private doubtRow(d: PlaceDoubt): HTMLElement {
    const target: Naming = { names: [d.name], label: d.name };
    return h(
      "li",
      { class: "map-doubt", "data-doubt": d.name },
      h("div", { class: "map-doubt-head" }, h("strong", null, d.name), h("span", { class: "map-muted" }, `${plural(d.mention_count, "mention")} · ${plural(d.article_count, "article")}`)),
      h(
        "button",
        { type: "button", class: "map-doubt-example", "data-article-id": d.example.article_id, title: `Open “${d.example.title}”`, onclick: () => this.opts.onOpenArticle(d.example.article_id) },
        h("span", { class: "map-doubt-sentence" }, `“${truncate(d.example.sentence, 180)}”`),
        h("span", { class: "map-muted" }, truncate(d.example.title, 60)),
      ),
      h(
        "ul",
        { class: "map-candidate-list" },
        ...d.candidates.slice(0, 6).map((c) =>
          h(
            "li",
            null,
            h(
              "button",
              { type: "button", class: "map-candidate", "data-entry": c.entry, onclick: () => void this.pick(target, c) },
              h("span", { class: "map-candidate-name" }, c.name, c.entry === d.guess ? h("span", { class: "src", title: "The likeliest reading, not sure enough to draw" }, "likeliest") : null),
              h("span", { class: "map-muted" }, candidateLine(c)),
            ),
          ),
        ),
      ),
      h(
        "div",
        { class: "map-fix" },
        h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "drop-pin", onclick: () => this.startPin(target) }, "None of these: drop a pin"),
        h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "not-a-place", title: "This name is not a place (a person, a word): stop asking", onclick: () => void this.dismiss(target) }, "Not a place"),
      ),
    );
  }

  /** A row of the list is hovered: its marker (or its group) shows its tooltip. */
  private hoverPlace(p: PlaceRow | null): void {
    if (!this.map) return;
    const c = p ? this.clusters.find((x) => x.places.some((q) => q.id === p.id)) : undefined;
    this.markerLayer?.eachLayer((l) => {
      const m = l as L.CircleMarker;
      const at = m.getLatLng();
      if (c && at.lat === c.lat && at.lng === c.lon) m.openTooltip();
      else m.closeTooltip();
    });
  }

  private back(): void {
    this.panel = { kind: "list" };
    this.detail = null;
    this.endPin();
    this.renderSide();
    this.draw();
  }

  private placePanel(): HTMLElement {
    const d = this.detail;
    const back = h("button", { type: "button", class: "icon-btn", "aria-label": "All places", "data-action": "back", onclick: () => this.back() }, icon("chevron", 16, "icon flip"));
    if (!d) return h("div", { class: "map-panel" }, h("div", { class: "map-panel-head" }, back, h("h2", null, "Loading…")));
    const p = d.place;
    const kind = kindLabel(p.kind, p.country);
    const others = d.names.filter((n) => n !== p.name);
    const candidates = h("div", { class: "map-candidates", hidden: true });
    const showCandidates = async () => {
      if (!candidates.hidden) {
        candidates.hidden = true;
        return;
      }
      replace(candidates, h("p", { class: "map-muted" }, "Looking in the gazetteer…"));
      candidates.hidden = false;
      let list: PlaceCandidate[] = [];
      try {
        list = await placeCandidates(p.id);
      } catch (err) {
        replace(candidates, h("p", { class: "map-muted" }, `Could not list other places: ${(err as Error).message}`));
        return;
      }
      replace(
        candidates,
        list.length
          ? h(
              "ul",
              { class: "map-candidate-list" },
              ...list.map((c) =>
                h(
                  "li",
                  null,
                  h(
                    "button",
                    { type: "button", class: "map-candidate", "data-entry": c.entry, onclick: () => void this.pick(naming(d), c) },
                    h("span", { class: "map-candidate-name" }, c.name),
                    h("span", { class: "map-muted" }, candidateLine(c)),
                  ),
                ),
              ),
            )
          : h("p", { class: "map-muted" }, "No other place has this name in the gazetteer. Drop a pin instead."),
      );
    };
    return h(
      "div",
      { class: "map-panel map-place", "data-place-id": p.id },
      h("div", { class: "map-panel-head" }, back, h("h2", { class: "map-place-title" }, p.name)),
      h(
        "p",
        { class: "map-place-meta" },
        [kind, p.country, `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`].filter(Boolean).join(" · "),
        d.user_corrected ? h("span", { class: "src src-user", title: "You set this place's location" }, "yours") : null,
      ),
      h("p", { class: "map-place-counts" }, countsLine(p)),
      others.length ? h("p", { class: "map-muted" }, `Written as ${others.join(", ")}`) : null,
      h(
        "div",
        { class: "map-fix" },
        h("button", { type: "button", class: "btn btn-small", "data-action": "candidates", onclick: () => void showCandidates() }, "Wrong place?"),
        h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "drop-pin", onclick: () => this.startPin(naming(d)) }, "Drop a pin"),
        h("button", { type: "button", class: "btn btn-small btn-ghost", "data-action": "not-a-place", title: "This name is not a place here: take it off the map, now and in future imports", onclick: () => void this.dismiss(naming(d)) }, "Not a place"),
      ),
      candidates,
      h(
        "section",
        { class: "entity-section map-events" },
        h("h2", null, `Events (${d.events.length})`),
        d.events.length ? h("ul", { class: "map-rows" }, ...d.events.map((e) => this.eventRow(e))) : h("p", { class: "map-muted" }, "No events found here in these articles."),
      ),
      h(
        "section",
        { class: "entity-section map-articles" },
        h("h2", null, `Articles (${d.articles.length})`),
        d.articles.length ? h("ul", { class: "map-rows" }, ...d.articles.map((a) => this.articleRow(a))) : h("p", { class: "map-muted" }, "No article in the current filters."),
      ),
    );
  }

  private eventRow(e: EventRow): HTMLElement {
    const figures = [e.killed != null ? `${e.killed} killed` : "", e.injured != null ? `${e.injured} injured` : "", plural(e.source_count, "source")].filter(Boolean).join(" · ");
    return h(
      "li",
      null,
      h(
        "button",
        { type: "button", class: "map-row", "data-event-id": e.id, onclick: () => this.opts.onOpenEvent(e.id) },
        h("span", { class: "map-row-title" }, e.summary || e.kind),
        h("span", { class: "map-muted" }, [formatEventDate(e), e.kind.replace(/_/g, " "), figures].filter(Boolean).join(" · ")),
      ),
    );
  }

  private articleRow(a: ArticleRow): HTMLElement {
    return h(
      "li",
      { class: "map-article" },
      h(
        "button",
        { type: "button", class: "map-row", "data-article-id": a.id, onclick: () => this.opts.onOpenArticle(a.id) },
        h("span", { class: "map-row-title" }, a.title),
        h("span", { class: "map-muted" }, [a.outlet ?? "", formatDate(a.published, a.published_precision)].filter(Boolean).join(" · ")),
      ),
      a.story_size > 1 && this.filter.story?.id !== a.story_id
        ? h("button", { type: "button", class: "map-story", title: "Show only this story's places", "data-story-id": a.story_id, onclick: () => this.filterByStory(a.story_id, `Story: ${truncate(a.title, 28)}`) }, icon("stack", 13), String(a.story_size))
        : null,
    );
  }

  // ---------- export ----------

  private async exportPng(): Promise<void> {
    if (!this.map || !this.colors) return;
    const w = this.filter.window;
    const parts = [
      plural(this.places.length, "place"),
      w.from || w.to ? `${w.from ? formatDate(w.from) : "…"} – ${w.to ? formatDate(w.to) : "…"}` : "",
      this.filter.entity ? this.filter.entity.name : "",
      this.filter.story ? this.filter.story.label : "",
    ].filter(Boolean);
    try {
      const canvas = paintMap({
        map: this.map,
        latLng: (lat, lon) => L.latLng(lat, lon),
        countries: this.countries,
        labels: labelsAt(this.countries, Math.round(this.map.getZoom())),
        markers: this.drawn,
        colors: this.colors,
        title: parts.join(" · "),
        credit: CREDIT,
        font: getComputedStyle(this.el).fontFamily || "sans-serif",
      });
      await downloadPng(canvas, `dossier-map-${new Date().toISOString().slice(0, 10)}.png`);
      toast("Map saved as PNG");
    } catch (err) {
      toast(`Could not export the map: ${(err as Error).message}`, "error");
    }
  }
}

function naming(d: PlaceDetail): Naming {
  return { names: d.names.length ? d.names : [d.place.name], label: d.place.name };
}

function candidateLine(c: PlaceCandidate): string {
  return [kindLabel(c.kind, c.country), [c.division, c.country].filter(Boolean).join(", "), c.population ? `pop. ${c.population.toLocaleString("en-US")}` : "", `${c.lat.toFixed(2)}, ${c.lon.toFixed(2)}`].filter(Boolean).join(" · ");
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
