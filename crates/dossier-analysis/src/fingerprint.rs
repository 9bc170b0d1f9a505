//! Near-duplicate fingerprints: MinHash signatures over word shingles, with lookup keys for
//! locality-sensitive lookup, so that two outlets' versions of one wire story can
//! be grouped without comparing every pair of articles.

/// Words per shingle. Three keeps rewritten wire copy (the same facts in
/// reordered clauses) similar enough to group while unrelated stories share little.
pub const SHINGLE_WORDS: usize = 3;
/// Hash functions in a signature.
pub const SIGNATURE_LEN: usize = 128;
/// How many of the signature's values serve as lookup keys. Each key is one
/// hash function's minimum; two texts with Jaccard similarity J share each key
/// with probability J, so a pair at J = 0.165 (two outlets rewriting one wire
/// story) shares at least [`MIN_SHARED_KEYS`] of 64 keys 99.7% of the time,
/// while unrelated pairs (J ≈ 0.001) almost never share four.
pub const LOOKUP_KEYS: usize = 64;
/// Shared keys that make another article a candidate worth comparing in full.
pub const MIN_SHARED_KEYS: usize = 4;

/// Words so common that a shingle made only of them ("said in a") says nothing
/// about the story and would make every article a candidate of every other.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "he",
    "her", "his", "in", "is", "it", "its", "of", "on", "or", "said", "she", "that", "the", "their",
    "they", "this", "to", "was", "were", "which", "who", "will", "with",
];

/// A MinHash signature of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

impl Signature {
    /// Computes the signature of `text`'s lower-cased word shingles. Returns
    /// `None` for texts too short to fingerprint meaningfully.
    pub fn of(text: &str) -> Option<Signature> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() < SHINGLE_WORDS * 4 {
            return None;
        }
        let mut bases: Vec<u64> = words
            .windows(SHINGLE_WORDS)
            .filter(|shingle| {
                !shingle.iter().all(|w| {
                    STOPWORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit())
                })
            })
            .map(fnv1a)
            .collect();
        // A repeated shingle cannot lower a minimum twice.
        bases.sort_unstable();
        bases.dedup();
        let salts = salts();
        let mins = salts
            .iter()
            .map(|&salt| {
                bases
                    .iter()
                    .map(|&b| mix(b ^ salt))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect();
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len().min(other.0.len()).max(1) as f64
    }

    /// Lookup keys: the first [`LOOKUP_KEYS`] minima, each tagged with its hash
    /// function so that equal keys mean equal minima of the same function.
    pub fn lookup_keys(&self) -> Vec<i64> {
        self.0
            .iter()
            .take(LOOKUP_KEYS)
            .enumerate()
            .map(|(k, &v)| mix(v ^ (k as u64).wrapping_mul(SEEDS[0])) as i64)
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        (bytes.len().is_multiple_of(8) && !bytes.is_empty()).then(|| {
            Signature(
                bytes
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
            )
        })
    }
}

const SEEDS: [u64; 4] = [
    0x9e37_79b9_7f4a_7c15,
    0xc2b2_ae3d_27d4_eb4f,
    0x1656_67b1_9e37_79f9,
    0x85eb_ca77_c2b2_ae63,
];

/// What each of the signature's hash functions xors into a shingle's hash
/// before mixing, computed once.
fn salts() -> &'static [u64; SIGNATURE_LEN] {
    static SALTS: std::sync::OnceLock<[u64; SIGNATURE_LEN]> = std::sync::OnceLock::new();
    SALTS.get_or_init(|| std::array::from_fn(|k| SEEDS[k % SEEDS.len()].wrapping_mul(k as u64 + 1)))
}

fn fnv1a(words: &[String]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for w in words {
        for b in w.bytes().chain(std::iter::once(b' ')) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// SplitMix64 finaliser: a cheap, well-mixed hash permutation.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Estimated Jaccard similarity at or above which two articles are versions of one story.
/// Measured on the samples: two outlets' versions of one story 0.165; different
/// stories on the same subject 0.006 to 0.011.
pub const SAME_STORY_SIMILARITY: f64 = 0.08;

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Iraq says overnight US airstrikes south of Baghdad that killed eight members of the armed group Kataib Hezbollah were a dangerous escalation, not coordinated with the authorities.";

    #[test]
    fn identical_texts_are_fully_similar_and_unrelated_ones_are_not() {
        let a = Signature::of(A).unwrap();
        assert_eq!(a.similarity(&a), 1.0);
        let b = Signature::of("The city council approved a new budget for road repairs and school buildings on Monday evening after a long debate among members.").unwrap();
        assert!(a.similarity(&b) < 0.1, "{}", a.similarity(&b));
        assert!(
            a.lookup_keys()
                .iter()
                .filter(|k| b.lookup_keys().contains(k))
                .count()
                < MIN_SHARED_KEYS
        );
    }

    /// Signatures are stored: a faster computation must give the same values,
    /// or stories would stop matching across versions.
    #[test]
    fn signatures_are_the_stored_ones() {
        let a = Signature::of(A).unwrap();
        let sum = a.0.iter().fold(0u64, |s, &v| s.rotate_left(5) ^ v);
        assert_eq!(
            (a.0[0], a.0[127], sum),
            (0x100b5bea6655b05, 0x35937cd9615bffd, 0x6127a725dbf8d807)
        );
    }

    #[test]
    fn signatures_survive_bytes_round_trip() {
        let a = Signature::of(A).unwrap();
        assert_eq!(Signature::from_bytes(&a.to_bytes()).unwrap(), a);
        assert!(Signature::of("too short").is_none());
    }
}
