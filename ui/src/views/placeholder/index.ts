// The views later issues fill in (entities, timeline, map, reports): a short
// description of what is coming, so the navigation is laid out from the start.

import { h } from "../../lib/dom";
import { icon, type IconName } from "../../components/icons";

export interface PlaceholderSpec {
  icon: IconName;
  title: string;
  lede: string;
  points: string[];
}

export const PLACEHOLDERS: Record<"entities" | "timeline" | "map" | "reports", PlaceholderSpec> = {
  entities: {
    icon: "entities",
    title: "Entities",
    lede: "The people, organisations and places your articles mention, each traced to the sentences that name them.",
    points: ["Aliases merged into one entity", "Mention counts and related entities", "Corrections that stick across imports"],
  },
  timeline: {
    icon: "timeline",
    title: "Timeline",
    lede: "Events with their dates resolved, “overnight” and “since Tuesday” included, and every outlet that reported them.",
    points: ["One event, several sources", "Disagreements on figures shown side by side", "Filter by place, actor or time window"],
  },
  map: {
    icon: "map",
    title: "Map",
    lede: "Places drawn on an offline map, sized by how often they are mentioned or how much happened there.",
    points: ["Offline gazetteer and basemap", "Follows the timeline’s time window", "Click a place for its events and articles"],
  },
  reports: {
    icon: "reports",
    title: "Reports",
    lede: "Self-contained reports of a selection, and exports other tools read.",
    points: ["HTML and PDF with citations", "CSV, JSON and GeoJSON data", "RIS, BibTeX and CSL-JSON sources"],
  },
};

export function placeholderView(spec: PlaceholderSpec): HTMLElement {
  return h(
    "div",
    { class: "view placeholder-view" },
    h(
      "div",
      { class: "placeholder-card" },
      h("div", { class: "placeholder-art" }, icon(spec.icon, 30)),
      h("span", { class: "soon-pill" }, "Coming soon"),
      h("h1", null, spec.title),
      h("p", { class: "placeholder-lede" }, spec.lede),
      h("ul", { class: "placeholder-points" }, ...spec.points.map((p) => h("li", null, icon("check", 14), p))),
    ),
  );
}
