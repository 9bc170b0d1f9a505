// The entity database: list, page, mentions, curation with undo, and the
// annotations the reader highlights.

import { backend, call } from "./backend";
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

/** Progress of bringing older articles up to this version's analysis. */
export interface ReanalyseProgress {
  done: number;
  total: number;
}

/** Re-analyses articles analysed by an older Dossier (corrections are kept); resolves with how many. */
export function reanalyseLibrary(onProgress: (p: ReanalyseProgress) => void): Promise<number> {
  const channel = backend().channel<ReanalyseProgress>(onProgress);
  return call<number>("reanalyse_library", { onProgress: channel });
}
