//! Library store.
