// The entity database: list, page, mentions, curation with undo, and the
// annotations the reader highlights.

import { call } from "./backend";
import type {
  ArticleAnnotations,
  Curation,
  CurationEntry,
  EntityDetail,
  EntityPage,
  EntityQuery,
  MentionInContext,
} from "./types";

export const listEntities = (query: EntityQuery) => call<EntityPage>("list_entities", { query });
export const getEntity = (id: number) => call<EntityDetail>("get_entity", { id });
export const entityMentions = (id: number, offset: number, limit: number) =>
  call<MentionInContext[]>("entity_mentions", { id, offset, limit });
export const curateEntity = (op: Curation) => call<EntityDetail | null>("curate_entity", { op });
export const undoCuration = () => call<string>("undo_curation");
export const curationHistory = () => call<CurationEntry[]>("curation_history");
export const articleAnnotations = (id: number) => call<ArticleAnnotations>("article_annotations", { id });
