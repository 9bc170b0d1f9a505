//! Places: toponym resolution over an offline gazetteer.
//!
//! `gazetteer` reads the embedded GeoNames-derived table (`data/gazetteer.bin`,
//! built by `data/make_gazetteer.py`); `resolve` turns the entity tagger's
//! location mentions into gazetteer entries, weighing population and kind of
//! place, the article's country context, containment ("Paris, Texas") and
//! proximity to the other places, with the user's corrections winning.
//! See docs/geo.md for the data, the algorithm and the scores.

mod gazetteer;
mod resolve;
#[cfg(test)]
mod tests;
mod untagged;

pub use gazetteer::{Candidate, Entry, EntryId, Gazetteer, GazetteerError, PlaceKind};
pub use resolve::{demonyms, places_with_demonyms, resolve, resolve_with, Place, DOUBTFUL_BELOW};
pub(crate) use untagged::places_by_context;
