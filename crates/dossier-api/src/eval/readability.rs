//! Scores the HTML reader against the Mozilla Readability test pages.
