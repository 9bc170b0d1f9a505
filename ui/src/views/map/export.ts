// "Export PNG": the current map painted again onto a canvas of our own, the
// basemap from the country shapes and the markers from the clusters on
// screen, so that no DOM screenshot library (and no network) is needed.

import type { LatLng, Map as LeafletMap } from "leaflet";
import type { Country, MapColors } from "./basemap";

export interface ExportMarker {
  lat: number;
  lon: number;
  radius: number;
  fill: string;
  stroke: string;
  /** Places in a cluster (drawn as a number when > 1). */
  count: number;
  selected: boolean;
  /** Drawn as a ring (an area: country, province, region). */
  hollow: boolean;
  /** The name written beside it, when it fitted on screen. */
  label: string | null;
}

export interface ExportScene {
  map: LeafletMap;
  /** Leaflet's LatLng constructor (passed in so this file needs no Leaflet at run time). */
  latLng: (lat: number, lon: number) => LatLng;
  countries: readonly Country[];
  labels: readonly Country[];
  markers: readonly ExportMarker[];
  colors: MapColors;
  title: string;
  credit: string;
  font: string;
}

/** Paints the scene at `scale` × the map's on-screen size and returns the canvas. */
export function paintMap(scene: ExportScene, scale = 2): HTMLCanvasElement {
  const { map, colors } = scene;
  const size = map.getSize();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(size.x * scale);
  canvas.height = Math.round(size.y * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this window cannot draw on a canvas");
  ctx.scale(scale, scale);
  ctx.fillStyle = colors.sea;
  ctx.fillRect(0, 0, size.x, size.y);

  const view = map.getBounds().pad(0.05);
  const point = (lon: number, lat: number) => map.latLngToContainerPoint(scene.latLng(lat, lon));

  // Land and borders.
  ctx.lineJoin = "round";
  ctx.lineWidth = 0.8;
  ctx.fillStyle = colors.land;
  ctx.strokeStyle = colors.border;
  for (const c of scene.countries) {
    const polys = c.feature.geometry.coordinates;
    ctx.beginPath();
    let any = false;
    for (const poly of polys) {
      let w = 180;
      let s = 90;
      let e = -180;
      let n = -90;
      for (const [x, y] of poly[0]) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
      if (e < view.getWest() || w > view.getEast() || n < view.getSouth() || s > view.getNorth()) continue;
      any = true;
      for (const ring of poly) {
        ring.forEach(([x, y], i) => {
          const p = point(x, y);
          if (i === 0) ctx.moveTo(p.x, p.y);
          else ctx.lineTo(p.x, p.y);
        });
        ctx.closePath();
      }
    }
    if (!any) continue;
    ctx.fill("evenodd");
    ctx.stroke();
  }

  // Country names with a halo.
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = `600 11px ${scene.font}`;
  ctx.lineWidth = 3;
  ctx.strokeStyle = colors.halo;
  ctx.fillStyle = colors.label;
  for (const c of scene.labels) {
    const p = point(c.label[1], c.label[0]);
    if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) continue;
    const text = c.name.toUpperCase();
    ctx.strokeText(text, p.x, p.y);
    ctx.fillText(text, p.x, p.y);
  }

  // Markers, lightest first so heavy ones sit on top.
  for (const m of scene.markers) {
    const p = point(m.lon, m.lat);
    ctx.beginPath();
    ctx.arc(p.x, p.y, m.radius, 0, Math.PI * 2);
    ctx.globalAlpha = m.hollow ? 0.12 : 0.82;
    ctx.fillStyle = m.fill;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = m.selected ? 3 : m.hollow ? 2 : 1.5;
    ctx.strokeStyle = m.selected ? colors.selected : m.hollow ? m.fill : m.stroke;
    ctx.stroke();
    if (m.count > 1) {
      ctx.font = `700 11px ${scene.font}`;
      ctx.fillStyle = "#ffffff";
      ctx.fillText(String(m.count), p.x, p.y + 0.5);
    }
  }

  // Place names beside their markers.
  ctx.font = `600 12px ${scene.font}`;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.lineWidth = 3;
  ctx.strokeStyle = colors.halo;
  ctx.fillStyle = colors.text;
  for (const m of scene.markers) {
    if (!m.label) continue;
    const p = point(m.lon, m.lat);
    ctx.strokeText(m.label, p.x + m.radius + 4, p.y);
    ctx.fillText(m.label, p.x + m.radius + 4, p.y);
  }

  // Title and credit.
  ctx.font = `600 13px ${scene.font}`;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.lineWidth = 4;
  ctx.strokeStyle = colors.halo;
  ctx.fillStyle = colors.text;
  ctx.strokeText(scene.title, 12, 12);
  ctx.fillText(scene.title, 12, 12);
  ctx.font = `11px ${scene.font}`;
  ctx.textAlign = "right";
  ctx.textBaseline = "bottom";
  ctx.strokeText(scene.credit, size.x - 8, size.y - 6);
  ctx.fillStyle = colors.label;
  ctx.fillText(scene.credit, size.x - 8, size.y - 6);
  return canvas;
}

/** Saves a canvas as a PNG through a download link (works in the webview, no file-system permission). */
export async function downloadPng(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/png"));
  if (!blob) throw new Error("the map could not be encoded as PNG");
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
