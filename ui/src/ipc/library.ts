// Reading and correcting the library.

import { call } from "./backend";
import type {
  AppInfo,
  ArticleCorrection,
  ArticleDetail,
  ArticlePage,
  ListRequest,
  OutletCount,
  SearchPage,
  SearchRequest,
} from "./types";

export const appInfo = () => call<AppInfo>("app_info");
export const listArticles = (req: ListRequest) => call<ArticlePage>("list_articles", { req });
export const searchArticles = (req: SearchRequest) => call<SearchPage>("search_articles", { req });
export const getArticle = (id: number) => call<ArticleDetail>("get_article", { id });
export const correctArticle = (id: number, correction: ArticleCorrection) =>
  call<ArticleDetail>("correct_article", { id, correction });
export const listOutlets = () => call<OutletCount[]>("list_outlets");
export const openOriginal = (id: number) => call<void>("open_original", { id });
export const revealOriginal = (id: number) => call<void>("reveal_original", { id });
