//! Word lists: event triggers with their inflections, figure cues, number
//! words, and the small closed classes the argument rules look at.
//!
//! Triggers are listed by lemma; `forms` derives the regular inflections so
//! that "attack", "attacks", "attacked" and "attacking" all trigger.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{EventKind, FigureKind, Qualifier};

/// Nouns that a trigger word modifies instead of naming an event:
/// "strike assessments", "attack helicopters", "protest movement".
pub fn is_modified_noun(next: &str) -> bool {
    matches!(
        next,
        "assessment"
            | "assessments"
            | "helicopter"
            | "helicopters"
            | "capability"
            | "capabilities"
            | "group"
            | "groups"
            | "movement"
            | "package"
            | "team"
            | "teams"
            | "force"
            | "plans"
            | "plan"
            | "warrant"
            | "warrants"
    )
}

/// How a trigger word behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerClass {
    /// Names an event by itself.
    Plain,
    /// "kill": a casualty cue when another violent trigger is near,
    /// otherwise a killing.
    Kill,
    /// "targeted": an attack only in the passive ("was targeted by").
    PassiveOnly,
    /// "labeled": a condemnation only when the sentence says what of.
    Labelled,
    /// "strike": an attack noun that a preceding "hunger"/"general" turns into a protest.
    Strike,
    /// "fired", "launched": an attack only with a weapon after it ("fired
    /// rockets at", "launched dozens of drones"), whose kind it takes.
    Fire,
}

/// Lemma, kind, class, and whether regular verb/noun inflections apply.
const TRIGGERS: &[(&str, EventKind, TriggerClass)] = &[
    ("airstrike", EventKind::Airstrike, TriggerClass::Plain),
    ("air-strike", EventKind::Airstrike, TriggerClass::Plain),
    ("strike", EventKind::Airstrike, TriggerClass::Strike),
    ("struck", EventKind::Attack, TriggerClass::Plain),
    ("bombard", EventKind::Shelling, TriggerClass::Plain),
    ("bombardment", EventKind::Shelling, TriggerClass::Plain),
    ("shelling", EventKind::Shelling, TriggerClass::Plain),
    ("shelled", EventKind::Shelling, TriggerClass::Plain),
    ("barrage", EventKind::RocketAttack, TriggerClass::Plain),
    ("clash", EventKind::ArmedClash, TriggerClass::Plain),
    ("firefight", EventKind::ArmedClash, TriggerClass::Plain),
    ("gunfight", EventKind::ArmedClash, TriggerClass::Plain),
    ("gunbattle", EventKind::ArmedClash, TriggerClass::Plain),
    ("bombing", EventKind::Bombing, TriggerClass::Plain),
    ("bombed", EventKind::Bombing, TriggerClass::Plain),
    ("blew", EventKind::Bombing, TriggerClass::Plain),
    ("fire", EventKind::Attack, TriggerClass::Fire),
    ("fired", EventKind::Attack, TriggerClass::Fire),
    ("launch", EventKind::Attack, TriggerClass::Fire),
    ("explosion", EventKind::Bombing, TriggerClass::Plain),
    ("blast", EventKind::Bombing, TriggerClass::Plain),
    ("explode", EventKind::Bombing, TriggerClass::Plain),
    ("detonate", EventKind::Bombing, TriggerClass::Plain),
    ("kill", EventKind::Killing, TriggerClass::Kill),
    ("killing", EventKind::Killing, TriggerClass::Kill),
    ("assassinate", EventKind::Killing, TriggerClass::Plain),
    ("assassination", EventKind::Killing, TriggerClass::Plain),
    ("murder", EventKind::Killing, TriggerClass::Plain),
    ("execute", EventKind::Killing, TriggerClass::Plain),
    ("attack", EventKind::Attack, TriggerClass::Plain),
    ("assault", EventKind::Attack, TriggerClass::Plain),
    ("ambush", EventKind::Attack, TriggerClass::Plain),
    ("raid", EventKind::Attack, TriggerClass::Plain),
    ("invasion", EventKind::Attack, TriggerClass::Plain),
    ("incursion", EventKind::Attack, TriggerClass::Plain),
    ("shooting", EventKind::Attack, TriggerClass::Plain),
    ("target", EventKind::Attack, TriggerClass::PassiveOnly),
    ("abduct", EventKind::Abduction, TriggerClass::Plain),
    ("abduction", EventKind::Abduction, TriggerClass::Plain),
    ("kidnap", EventKind::Abduction, TriggerClass::Plain),
    ("kidnapping", EventKind::Abduction, TriggerClass::Plain),
    ("arrest", EventKind::Arrest, TriggerClass::Plain),
    ("detain", EventKind::Arrest, TriggerClass::Plain),
    ("apprehend", EventKind::Arrest, TriggerClass::Plain),
    ("protest", EventKind::Protest, TriggerClass::Plain),
    ("demonstration", EventKind::Protest, TriggerClass::Plain),
    ("rally", EventKind::Protest, TriggerClass::Plain),
    ("sit-in", EventKind::Protest, TriggerClass::Plain),
    ("riot", EventKind::Riot, TriggerClass::Plain),
    ("condemn", EventKind::Condemnation, TriggerClass::Plain),
    ("condemnation", EventKind::Condemnation, TriggerClass::Plain),
    ("denounce", EventKind::Condemnation, TriggerClass::Plain),
    ("criticise", EventKind::Condemnation, TriggerClass::Plain),
    ("criticize", EventKind::Condemnation, TriggerClass::Plain),
    ("label", EventKind::Condemnation, TriggerClass::Labelled),
    ("threaten", EventKind::Threat, TriggerClass::Plain),
    ("threat", EventKind::Threat, TriggerClass::Plain),
    ("threatening", EventKind::Threat, TriggerClass::Plain),
    ("warn", EventKind::Threat, TriggerClass::Plain),
    ("vow", EventKind::Threat, TriggerClass::Plain),
    ("meet", EventKind::Meeting, TriggerClass::Plain),
    ("met", EventKind::Meeting, TriggerClass::Plain),
    ("meeting", EventKind::Meeting, TriggerClass::Plain),
    ("talks", EventKind::Meeting, TriggerClass::Plain),
    ("summit", EventKind::Meeting, TriggerClass::Plain),
    ("agreement", EventKind::Agreement, TriggerClass::Plain),
    ("accord", EventKind::Agreement, TriggerClass::Plain),
    ("deal", EventKind::Agreement, TriggerClass::Plain),
    ("ceasefire", EventKind::Ceasefire, TriggerClass::Plain),
    ("cease-fire", EventKind::Ceasefire, TriggerClass::Plain),
    ("truce", EventKind::Ceasefire, TriggerClass::Plain),
];

/// A word before a violent trigger that names its means: "drone attack",
/// "rocket fire", "air raid", "car bomb".
pub fn means_modifier(word: &str) -> Option<EventKind> {
    Some(match word {
        "drone" | "drones" | "uav" | "one-way" => EventKind::DroneAttack,
        "missile" | "missiles" | "ballistic" => EventKind::MissileAttack,
        "rocket" | "rockets" => EventKind::RocketAttack,
        "air" | "aerial" => EventKind::Airstrike,
        "mortar" | "artillery" => EventKind::Shelling,
        "suicide" | "car" | "roadside" | "explosive" => EventKind::Bombing,
        _ => return None,
    })
}

/// Words near a generic trigger that reveal its means: "a gunship killed",
/// "attacked by ballistic missiles".
pub fn means_word(word: &str) -> Option<EventKind> {
    Some(match word {
        "aircraft" | "warplane" | "warplanes" | "jets" | "gunship" | "helicopter"
        | "helicopters" | "ac-130" | "ac-130j" => EventKind::Airstrike,
        // In news a bomber is mostly a suicide bomber.
        "bomber" | "bombers" => EventKind::Bombing,
        "drone" | "drones" => EventKind::DroneAttack,
        "missile" | "missiles" => EventKind::MissileAttack,
        "rocket" | "rockets" => EventKind::RocketAttack,
        "mortar" | "mortars" | "artillery" | "shells" => EventKind::Shelling,
        "ied" | "bomb" | "bombs" => EventKind::Bombing,
        _ => return None,
    })
}

/// Adjectives between a preposition and a toponym: "in northern Israel".
pub fn is_area_adjective(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "occupied"
            | "rural"
    )
}

/// The regular inflections of a lemma: -s/-es, -ed/-d, -ing, with a final
/// "e" dropped and a final consonant doubled where English does.
fn forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    if lemma.ends_with("ing") || lemma.ends_with("ed") || lemma == "talks" || lemma == "met" {
        // Nouns in -ing and irregular forms take only a plural.
        out.push(format!("{lemma}s"));
        return out;
    }
    let es = lemma.ends_with('h') || lemma.ends_with('s') || lemma.ends_with('x');
    out.push(if es {
        format!("{lemma}es")
    } else if let Some(stem) = lemma.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{lemma}s")
    });
    if let Some(stem) = lemma.strip_suffix('e') {
        out.push(format!("{lemma}d"));
        out.push(format!("{stem}ing"));
    } else if let Some(stem) = lemma.strip_suffix('y') {
        out.push(format!("{stem}ied"));
        out.push(format!("{lemma}ing"));
    } else {
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
        if lemma == "kidnap" {
            out.push("kidnapped".into());
        }
    }
    out
}

/// A trigger form's kind and class.
pub fn trigger(word: &str) -> Option<(EventKind, TriggerClass)> {
    static TABLE: OnceLock<HashMap<String, (EventKind, TriggerClass)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for &(lemma, kind, class) in TRIGGERS {
            for form in forms(lemma) {
                map.entry(form).or_insert((kind, class));
            }
        }
        // Forms that are other words: "deals"/"dealt" are fine, but "dealing"
        // and "labels" are not events.
        for noise in [
            "dealing", "dealed", "deals", "labels", "labeling", "rallied",
        ] {
            map.remove(noise);
        }
        map
    });
    table.get(word).copied()
}

/// Words whose presence right before a trigger makes the event hypothetical,
/// future or negated: "threatened to attack", "warning of more attacks",
/// "no attacks", "if strikes continue".
pub fn is_irrealis_marker(word: &str) -> bool {
    matches!(
        word,
        "to" | "would"
            | "could"
            | "might"
            | "may"
            | "will"
            | "more"
            | "further"
            | "future"
            | "possible"
            | "potential"
            | "no"
            | "not"
            | "never"
            | "without"
            | "if"
            | "prevent"
            | "avoid"
            | "planning"
            | "preparing"
    )
}

/// Words after which "to" is a preposition, not an infinitive marker:
/// "in response to the attacks" reports real attacks.
pub fn to_is_preposition_after(word: &str) -> bool {
    matches!(
        word,
        "response"
            | "retaliation"
            | "reference"
            | "due"
            | "according"
            | "related"
            | "reaction"
            | "agreed"
            | "committed"
            | "returned"
    )
}

/// Verbs that carry a noun trigger: "carried out airstrikes", "launched an attack".
pub fn is_light_verb(word: &str) -> bool {
    matches!(
        word,
        "carried"
            | "carries"
            | "carry"
            | "launched"
            | "launch"
            | "launches"
            | "conducted"
            | "conduct"
            | "conducts"
            | "staged"
            | "stage"
            | "mounted"
            | "held"
            | "hold"
            | "undertaken"
            | "undertook"
            | "agreed"
            | "signed"
            | "reached"
            | "declared"
            | "holds"
            | "out"
            | "issued"
    )
}

/// Irregular past forms among the triggers: verbs, though they lack "-ed".
pub fn is_irregular_past(word: &str) -> bool {
    matches!(word, "struck" | "met" | "shot" | "fought" | "hit")
}

pub fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said" | "says" | "say" | "announced" | "told" | "stated" | "reported" | "confirmed"
    )
}

pub fn is_passive_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "was" | "were" | "been" | "being" | "be" | "is" | "are"
    )
}

/// Prepositions that introduce a target after a trigger.
pub fn is_target_cue(word: &str) -> bool {
    matches!(
        word,
        "on" | "against"
            | "targeting"
            | "targeted"
            | "targets"
            | "hit"
            | "hitting"
            | "destroyed"
            | "of"
    )
}

/// Nouns an actor entity often heads: "U.S. forces", "Iraq's government".
pub fn is_group_noun(word: &str) -> bool {
    matches!(
        word,
        "forces"
            | "force"
            | "troops"
            | "military"
            | "army"
            | "government"
            | "officials"
            | "militias"
            | "militia"
            | "militants"
            | "fighters"
            | "members"
            | "warplanes"
            | "aircraft"
            | "police"
            | "soldiers"
            | "servicemen"
            | "personnel"
            | "side"
            | "office"
            | "authorities"
            | "group"
            | "groups"
            | "factions"
            | "proxies"
            | "jets"
            | "drones"
    )
}

/// How strongly a preposition before a toponym says "the event happened
/// there": "south of Baghdad" beats "near Kirkuk" beats "in Iraq".
pub fn place_cue_strength(words_before: &[&str]) -> Option<u8> {
    let last = *words_before.last()?;
    let before_last = words_before
        .len()
        .checked_sub(2)
        .map(|i| words_before[i])
        .unwrap_or("");
    Some(match last {
        "of" if matches!(
            before_last,
            "north"
                | "south"
                | "east"
                | "west"
                | "northeast"
                | "northwest"
                | "southeast"
                | "southwest"
                | "outskirts"
        ) =>
        {
            4
        }
        "of" if matches!(
            before_last,
            "stronghold"
                | "town"
                | "city"
                | "village"
                | "province"
                | "district"
                | "area"
                | "region"
                | "suburb"
        ) =>
        {
            3
        }
        "near" | "outside" | "at" | "around" | "in" | "into" | "across" | "against" | "on" => {
            match last {
                "in" | "into" | "across" | "on" => 2,
                _ => 3,
            }
        }
        _ => return None,
    })
}

/// Country names: as places they say less than a town, so a sentence's town
/// is preferred. A short list for the news regions Dossier is used on; the geo
/// resolver will replace this test with a feature class.
pub fn is_country(name: &str) -> bool {
    matches!(
        name.to_lowercase().as_str(),
        "iraq"
            | "syria"
            | "iran"
            | "israel"
            | "yemen"
            | "lebanon"
            | "jordan"
            | "turkey"
            | "egypt"
            | "gaza"
            | "ukraine"
            | "russia"
            | "afghanistan"
            | "pakistan"
            | "libya"
            | "sudan"
            | "somalia"
            | "mali"
            | "nigeria"
            | "saudi arabia"
            | "united states"
            | "u.s."
            | "us"
            | "usa"
            | "france"
            | "germany"
            | "china"
            | "india"
    )
}

/// Demonyms as actors: their forms, the country's actor key and the name a
/// title gives it. One table for merging ("American warplanes" and "U.S.
/// strikes" share the agent) and for titles ("Airstrike by US").
const DEMONYMS: &[(&[&str], &str, &str)] = &[
    (&["american", "americans"], "us", "US"),
    (&["iraqi", "iraqis"], "iraq", "Iraq"),
    (&["iranian", "iranians"], "iran", "Iran"),
    (&["syrian", "syrians"], "syria", "Syria"),
    (&["israeli", "israelis"], "israel", "Israel"),
    (&["turkish"], "turkey", "Turkey"),
    (&["russian", "russians"], "russia", "Russia"),
    (&["ukrainian", "ukrainians"], "ukraine", "Ukraine"),
    (&["british"], "united kingdom", "UK"),
    (
        &["palestinian", "palestinians"],
        "palestine",
        "Palestinians",
    ),
    (&["lebanese"], "lebanon", "Lebanon"),
    (&["yemeni", "yemenis"], "yemen", "Yemen"),
];

fn demonym(key: &str) -> Option<&'static (&'static [&'static str], &'static str, &'static str)> {
    DEMONYMS.iter().find(|(forms, ..)| forms.contains(&key))
}

/// Demonyms and aliases that name the same actor as a country: "American
/// warplanes" and "U.S. strikes" share the agent.
pub fn actor_alias(key: &str) -> Option<&'static str> {
    if let Some((_, country, _)) = demonym(key) {
        return Some(country);
    }
    Some(match key {
        "us" | "usa" | "united states" | "united states of america" => "us",
        "uk" | "london" => "united kingdom",
        // A capital speaking is its government: "Baghdad said Wednesday".
        "baghdad" => "iraq",
        "washington" => "us",
        "tehran" => "iran",
        "damascus" => "syria",
        "moscow" => "russia",
        "kyiv" | "kiev" => "ukraine",
        "beijing" => "china",
        "ankara" => "turkey",
        "beirut" => "lebanon",
        _ => return None,
    })
}

/// Titles between an organisation and a person's name: "IRGC General
/// Qassam Soleimani", "Hamas leader Ismail Haniyeh".
pub fn is_rank_title(word: &str) -> bool {
    matches!(
        word,
        "general"
            | "gen"
            | "commander"
            | "colonel"
            | "col"
            | "major"
            | "captain"
            | "leader"
            | "chief"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "official"
    )
}

/// The country a demonym standing alone as an actor stands for, as a title
/// writes it: "Airstrike by American" reads "Airstrike by US". Only bare
/// demonyms: "Baghdad said" keeps its own word.
pub fn demonym_title(word: &str) -> Option<&'static str> {
    demonym(&word.to_lowercase()).map(|(_, _, title)| *title)
}

/// Words that point back to an actor named before: "it threatened", "the group said".
pub fn is_actor_pronoun(word: &str) -> bool {
    matches!(word, "it" | "they" | "group")
}

/// The value of a number word or numeral token.
pub fn number_value(word: &str) -> Option<u32> {
    if word.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && word.starts_with(|c: char| c.is_ascii_digit())
    {
        return word.replace(',', "").parse().ok();
    }
    if let Some((tens, ones)) = word.split_once('-') {
        let (t, o) = (small_number(tens)?, small_number(ones)?);
        return (t >= 20 && t % 10 == 0 && o < 10).then_some(t + o);
    }
    small_number(word)
}

fn small_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return Some(i as u32);
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return Some(20 + 10 * i as u32);
    }
    match word {
        "dozen" => Some(12),
        "hundred" => Some(100),
        "thousand" => Some(1000),
        _ => None,
    }
}

/// What a word near a number says it counts.
pub fn figure_cue(word: &str) -> Option<FigureKind> {
    Some(match word {
        "killed" | "kill" | "killing" | "dead" | "death" | "deaths" | "died" | "martyrdom"
        | "martyred" | "fatalities" | "bodies" => FigureKind::Killed,
        "injured" | "wounded" | "injuries" | "injury" | "hurt" | "wounding" | "injuring"
        | "wounds" => FigureKind::Injured,
        "arrested" | "detained" | "arrests" | "detentions" | "captured" => FigureKind::Arrested,
        "displaced" | "fled" | "evacuated" => FigureKind::Displaced,
        _ => return None,
    })
}

/// Words allowed between a count and the attack noun it counts:
/// "three separate sets of strikes", "two series of strikes".
pub fn is_count_filler(word: &str) -> bool {
    matches!(
        word,
        "separate"
            | "series"
            | "sets"
            | "set"
            | "waves"
            | "wave"
            | "rounds"
            | "round"
            | "of"
            | "different"
            | "rocket"
            | "drone"
            | "missile"
            | "deadly"
            | "coordinated"
    )
}

/// The qualifier ending at the given words: "more than", "at least", "about".
/// Returns the qualifier and how many words it spans.
pub fn qualifier_before(words: &[&str]) -> Option<(Qualifier, usize)> {
    let n = words.len();
    let last = *words.last()?;
    let before_last = if n >= 2 { words[n - 2] } else { "" };
    Some(match (before_last, last) {
        ("more", "than") => (Qualifier::MoreThan, 2),
        ("at", "least") => (Qualifier::AtLeast, 2),
        ("up", "to") | ("fewer", "than") | ("less", "than") => (Qualifier::AtMost, 2),
        (_, "over") => (Qualifier::MoreThan, 1),
        (_, "about" | "around" | "some" | "approximately" | "roughly" | "estimated") => {
            (Qualifier::About, 1)
        }
        (_, "nearly" | "almost") => (Qualifier::Nearly, 1),
        _ => return None,
    })
}
