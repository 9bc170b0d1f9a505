//! Places as a GeoJSON FeatureCollection (RFC 7946: longitude first), which
//! QGIS and geojson.io open.

use serde_json::json;

use super::Places;
use crate::ApiError;

pub(super) fn places(places: &Places) -> Result<String, ApiError> {
    let features: Vec<serde_json::Value> = places
        .iter()
        .map(|p| {
            json!({
                "type": "Feature",
                "id": p.id,
                "geometry": { "type": "Point", "coordinates": [p.lon, p.lat] },
                "properties": {
                    "name": p.name,
                    "country": p.country,
                    "kind": p.kind,
                    "mentions": p.mention_count,
                    "articles": p.article_count,
                    "events": p.event_count,
                },
            })
        })
        .collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_string_pretty(&collection)
        .map(|s| s + "\n")
        .map_err(|e| ApiError::new("storage", e.to_string()))
}
