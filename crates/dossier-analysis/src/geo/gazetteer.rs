//! The embedded gazetteer: a read-only view over `data/gazetteer.bin`
//! (built by `data/make_gazetteer.py`, whose docstring specifies the format).
//!
//! Nothing is decoded up front: the view checks the header and section sizes,
//! then reads entries and keys in place, so loading costs microseconds and the
//! resident memory is only the pages a lookup touches.

use std::sync::OnceLock;

const MAGIC: &[u8; 4] = b"DGAZ";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 28;
const ENTRY_LEN: usize = 28;
const KEY_LEN: usize = 8;
const FOLD_LEN: usize = 8;
const NO_PARENT: u32 = u32::MAX;
const PRIMARY_BIT: u32 = 1 << 31;
const FLAG_CAPITAL: u8 = 1;

/// A gazetteer entry's stable id: its GeoNames id, or (high bit set) a hash
/// of kind, country and name for entries GeoNames does not number here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u32);

impl EntryId {
    /// An id the builder made (curated places, divisions and counties that
    /// GeoNames does not number in the packaged data), not a GeoNames id.
    pub fn is_synthetic(self) -> bool {
        self.0 & (1 << 31) != 0
    }
}

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    /// A first-level division: a state, province, governorate.
    Admin1,
    /// A second-level division (US counties).
    Admin2,
    City,
    /// A base, dam, building: a point the packages lack.
    Landmark,
    /// A region without borders of its own: "Middle East", "West Bank".
    Region,
    /// A people or adjective ("Iraqi"): country context, never a place.
    Demonym,
}

impl PlaceKind {
    fn from_byte(b: u8) -> Option<PlaceKind> {
        Some(match b {
            0 => PlaceKind::Country,
            1 => PlaceKind::Admin1,
            2 => PlaceKind::Admin2,
            3 => PlaceKind::City,
            4 => PlaceKind::Landmark,
            5 => PlaceKind::Region,
            6 => PlaceKind::Demonym,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Admin2 => "admin2",
            PlaceKind::City => "city",
            PlaceKind::Landmark => "landmark",
            PlaceKind::Region => "region",
            PlaceKind::Demonym => "demonym",
        }
    }
}

/// One gazetteer entry, read from the embedded bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub id: EntryId,
    /// The entry's own name as GeoNames (or the supplement) writes it.
    pub name: &'static str,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, empty for regions spanning countries.
    pub country: &'static str,
    pub kind: PlaceKind,
    pub population: u32,
    /// A national capital.
    pub capital: bool,
    /// Index of the first-level division containing this entry.
    pub(crate) parent: Option<u32>,
    /// This entry's index in the table.
    pub(crate) index: u32,
}

/// A candidate for a name: the entry, and whether the name is the entry's
/// own (rather than one of its alternates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub entry: Entry,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError(pub String);

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad gazetteer: {}", self.0)
    }
}

impl std::error::Error for GazetteerError {}

/// The gazetteer: sections of one embedded byte string.
pub struct Gazetteer {
    entries: &'static [u8],
    keys: &'static [u8],
    postings: &'static [u8],
    fold: &'static [u8],
    pool: &'static [u8],
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

fn f32_at(bytes: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

impl Gazetteer {
    /// The gazetteer shipped with Dossier, checked once per process.
    pub fn builtin() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| {
            Gazetteer::from_bytes(include_bytes!("../../data/gazetteer.bin"))
                .expect("the embedded gazetteer matches this build")
        })
    }

    /// Checks the header and splits the sections; reads nothing else.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Gazetteer, GazetteerError> {
        if bytes.len() < HEADER_LEN || &bytes[..4] != MAGIC {
            return Err(GazetteerError("not a Dossier gazetteer".into()));
        }
        let field = |i: usize| u32_at(bytes, 4 + 4 * i) as usize;
        if field(0) != VERSION as usize {
            return Err(GazetteerError(format!("version {} unsupported", field(0))));
        }
        let (n_entries, n_keys, n_postings, n_fold, pool_len) =
            (field(1), field(2), field(3), field(4), field(5));
        let lens = [
            n_entries * ENTRY_LEN,
            (n_keys + 1) * KEY_LEN,
            n_postings * 4,
            n_fold * FOLD_LEN,
            pool_len,
        ];
        if HEADER_LEN + lens.iter().sum::<usize>() != bytes.len() {
            return Err(GazetteerError("section sizes do not add up".into()));
        }
        let mut rest = &bytes[HEADER_LEN..];
        let mut take = |n: usize| {
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head
        };
        Ok(Gazetteer {
            entries: take(lens[0]),
            keys: take(lens[1]),
            postings: take(lens[2]),
            fold: take(lens[3]),
            pool: take(lens[4]),
        })
    }

    /// How many entries the gazetteer holds.
    pub fn len(&self) -> usize {
        self.entries.len() / ENTRY_LEN
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn string(&self, offset: u32) -> &'static str {
        let at = offset as usize;
        let len = self.pool[at] as usize;
        std::str::from_utf8(&self.pool[at + 1..at + 1 + len]).unwrap_or("")
    }

    /// The entry at a table index.
    pub(crate) fn at(&self, index: u32) -> Entry {
        let at = index as usize * ENTRY_LEN;
        let e = &self.entries[at..at + ENTRY_LEN];
        let parent = u32_at(e, 20);
        let country = std::str::from_utf8(&e[24..26]).unwrap_or("").trim();
        Entry {
            lat: f64::from(f32_at(e, 0)),
            lon: f64::from(f32_at(e, 4)),
            population: u32_at(e, 8),
            id: EntryId(u32_at(e, 12)),
            name: self.string(u32_at(e, 16)),
            parent: (parent != NO_PARENT).then_some(parent),
            country,
            kind: PlaceKind::from_byte(e[26]).unwrap_or(PlaceKind::Region),
            capital: e[27] & FLAG_CAPITAL != 0,
            index,
        }
    }

    /// The entry with this id (entries are sorted by id).
    pub fn entry(&self, id: EntryId) -> Option<Entry> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let here = u32_at(self.entries, mid * ENTRY_LEN + 12);
            match here.cmp(&id.0) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.at(mid as u32)),
            }
        }
        None
    }

    /// The first-level division containing an entry, when known.
    pub fn parent(&self, entry: &Entry) -> Option<Entry> {
        entry.parent.map(|i| self.at(i))
    }

    /// Every entry one of whose names normalises like `name`, demonyms
    /// included, in the order the builder ranked them (kind, then population).
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        let key = self.normalise(name);
        let Some(k) = self.find_key(&key) else {
            return Vec::new();
        };
        let first = u32_at(self.keys, k * KEY_LEN + 4) as usize;
        let end = u32_at(self.keys, (k + 1) * KEY_LEN + 4) as usize;
        (first..end)
            .map(|p| {
                let raw = u32_at(self.postings, p * 4);
                Candidate {
                    entry: self.at(raw & !PRIMARY_BIT),
                    primary: raw & PRIMARY_BIT != 0,
                }
            })
            .collect()
    }

    /// The places a name may refer to (demonyms left out).
    pub fn candidates(&self, name: &str) -> Vec<Entry> {
        self.lookup(name)
            .into_iter()
            .map(|c| c.entry)
            .filter(|e| e.kind != PlaceKind::Demonym)
            .collect()
    }

    /// The country a demonym ("Iraqi", "Texan") points to.
    pub fn demonym_country(&self, word: &str) -> Option<&'static str> {
        self.lookup(word)
            .into_iter()
            .find(|c| c.entry.kind == PlaceKind::Demonym)
            .map(|c| c.entry.country)
    }

    fn find_key(&self, key: &str) -> Option<usize> {
        let n = self.keys.len() / KEY_LEN - 1;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let here = self.string(u32_at(self.keys, mid * KEY_LEN));
            match here.as_bytes().cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn fold_char(&self, c: char) -> Option<&'static str> {
        let n = self.fold.len() / FOLD_LEN;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let cp = u32_at(self.fold, mid * FOLD_LEN);
            match cp.cmp(&(c as u32)) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Some(self.string(u32_at(self.fold, mid * FOLD_LEN + 4)))
                }
            }
        }
        None
    }

    /// The lookup key of a name, exactly as `make_gazetteer.py`'s `normalise`
    /// makes it: lower case without diacritics ("Mósul" = "mosul"), apostrophes
    /// dropped, other punctuation as one space ("al-Sakhar" = "al sakhar"), and a
    /// leading "al", "el" or "the" removed ("Al Hillah" = "Hillah").
    pub fn normalise(&self, name: &str) -> String {
        let mut folded = String::with_capacity(name.len());
        for c in name.chars() {
            if c.is_ascii() {
                if c != '\'' && c != '`' {
                    folded.push(c.to_ascii_lowercase());
                }
            } else if let Some(f) = self.fold_char(c) {
                folded.push_str(f);
            } else {
                folded.extend(c.to_lowercase());
            }
        }
        let spaced: String = folded
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let mut key = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
        for article in ["al ", "el ", "the "] {
            if key.len() > article.len() && key.starts_with(article) {
                key.drain(..article.len());
                break;
            }
        }
        key
    }
}
