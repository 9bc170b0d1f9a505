// Reports and data exports: the preview's HTML, an export saved where the
// user chooses in the native dialog (opened by Rust), and opening that file.

import { call } from "./backend";
import type { ExportRequest, ReportPreview, ReportRequest, SavedExport } from "./types";

export const previewReport = (request: ReportRequest) => call<ReportPreview>("preview_report", { request });
/** Saves an export; null when the user cancelled the save dialog. */
export const exportReport = (request: ExportRequest) => call<SavedExport | null>("export_report", { request });
/** Opens the file last exported with the system's default application. */
export const openExport = () => call<void>("open_export");
