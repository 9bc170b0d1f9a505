// Types for the world-atlas TopoJSON files the basemap imports (the project's
// tsconfig does not resolve JSON modules; Vite does).
declare module "world-atlas/countries-50m.json" {
  import type { Topology } from "topojson-specification";
  const topology: Topology;
  export default topology;
}
