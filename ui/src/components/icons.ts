// Line icons drawn with the DOM (no markup strings), 24×24 grid, stroke only.

const PATHS: Record<string, string[]> = {
  library: ["M4 5.5A1.5 1.5 0 0 1 5.5 4h3A1.5 1.5 0 0 1 10 5.5v13A1.5 1.5 0 0 1 8.5 20h-3A1.5 1.5 0 0 1 4 18.5z", "M14 6.2l2.9-.8a1.5 1.5 0 0 1 1.8 1l3 11.3a1.5 1.5 0 0 1-1 1.8l-2.9.8a1.5 1.5 0 0 1-1.8-1L13 8a1.5 1.5 0 0 1 1-1.8z", "M4 8h6", "M4 16h6"],
  entities: ["M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z", "M3 20c.6-3.4 3-5.5 6-5.5s5.4 2.1 6 5.5", "M16 4.3a3.5 3.5 0 0 1 0 6.4", "M18.5 14.8c1.4.9 2.3 2.6 2.5 5.2"],
  timeline: ["M4 12h16", "M7 12V7", "M12 12v6", "M17 12V8", "M7 5.5a1.5 1.5 0 1 0 0 .01", "M12 19.5a1.5 1.5 0 1 0 0 .01", "M17 6.5a1.5 1.5 0 1 0 0 .01"],
  map: ["M9 4 3.5 6v14L9 18l6 2 5.5-2V4L15 6z", "M9 4v14", "M15 6v14"],
  reports: ["M7 3.5h7l4.5 4.5v12a.5.5 0 0 1-.5.5H7a1.5 1.5 0 0 1-1.5-1.5V5A1.5 1.5 0 0 1 7 3.5z", "M14 3.5V8h4.5", "M9 13h6", "M9 16.5h4"],
  search: ["M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13z", "M15.5 15.5 20 20"],
  import: ["M12 4v11", "M7.5 10.5 12 15l4.5-4.5", "M4.5 16v2.5A1.5 1.5 0 0 0 6 20h12a1.5 1.5 0 0 0 1.5-1.5V16"],
  close: ["M6 6l12 12", "M18 6 6 18"],
  external: ["M14 4h6v6", "M20 4l-8.5 8.5", "M18 13.5V18a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h4.5"],
  folder: ["M3.5 7A1.5 1.5 0 0 1 5 5.5h4l2 2.5h8A1.5 1.5 0 0 1 20.5 9.5v8A1.5 1.5 0 0 1 19 19H5a1.5 1.5 0 0 1-1.5-1.5z"],
  edit: ["M14.5 5.5l4 4", "M4 20l1-4.5L15.8 4.7a1.5 1.5 0 0 1 2.1 0l1.4 1.4a1.5 1.5 0 0 1 0 2.1L8.5 19z"],
  stack: ["M12 4 3.5 8.5 12 13l8.5-4.5z", "M3.5 12.5 12 17l8.5-4.5", "M3.5 16.5 12 21l8.5-4.5"],
  check: ["M5 12.5l4.5 4.5L19 7.5"],
  alert: ["M12 9v4.5", "M12 17h.01", "M10.3 4.2 2.8 17.5A2 2 0 0 0 4.5 20.5h15a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z"],
  file: ["M7 3.5h7l4.5 4.5v12a.5.5 0 0 1-.5.5H7a1.5 1.5 0 0 1-1.5-1.5V5A1.5 1.5 0 0 1 7 3.5z", "M14 3.5V8h4.5"],
  chevron: ["M9 6l6 6-6 6"],
  undo: ["M9 14 4 9l5-5", "M4 9h10.5a5.5 5.5 0 0 1 0 11H11"],
  merge: ["M6 4v4a4 4 0 0 0 4 4h4a4 4 0 0 1 4 4v4", "M18 4v4a4 4 0 0 1-4 4", "M15 17l3 3 3-3"],
  split: ["M12 20v-7", "M12 13 6 5", "M12 13l6-8", "M3.5 7.5 6 5l2.5 2.5", "M15.5 7.5 18 5l2.5 2.5"],
  plus: ["M12 5v14", "M5 12h14"],
  trash: ["M4.5 7h15", "M9.5 7V4.5h5V7", "M6.5 7l1 12.5h9l1-12.5", "M10 11v5", "M14 11v5"],
};

export type IconName = keyof typeof PATHS;

export function icon(name: IconName, size = 18, className = "icon"): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "1.7");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", className);
  for (const d of PATHS[name]) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
  }
  return svg;
}
