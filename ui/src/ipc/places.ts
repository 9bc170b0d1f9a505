// Places and events: the map's and the timeline's data.

import { call } from "./backend";
import type {
  EventCuration,
  EventDetail,
  GeoTimeFilter,
  PlaceCandidate,
  PlaceCorrection,
  PlaceDetail,
  PlaceDoubt,
  PlaceRow,
  TimelinePage,
  TimelineQuery,
} from "./types";

export const listPlaces = (query: GeoTimeFilter) => call<PlaceRow[]>("list_places", { query });
export const getPlace = (id: number, query: GeoTimeFilter) => call<PlaceDetail>("get_place", { id, query });
export const placeCandidates = (id: number) => call<PlaceCandidate[]>("place_candidates", { id });
/** Names held off the map until the user says where they are, most mentioned first. */
export const placeDoubts = (limit: number) => call<PlaceDoubt[]>("place_doubts", { limit });
/** The user says a name is not a place; the mentions taken off the map. */
export const dismissPlaceName = (name: string) => call<number>("dismiss_place_name", { name });
export const correctPlace = (correction: PlaceCorrection) => call<number>("correct_place", { correction });
export const timeline = (query: TimelineQuery) => call<TimelinePage>("timeline", { query });
export const getEvent = (id: number) => call<EventDetail>("get_event", { id });
/** Applies a curation; the rebuilt event to show, or null when there is none (close the page). */
export const curateEvent = (op: EventCuration) => call<EventDetail | null>("curate_event", { op });
