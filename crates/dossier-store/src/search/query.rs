//! The search query language and its parser, shared by every search engine.
//!
//! Users type queries such as `strike "Jurf al-Sakhar" -drill (escal* OR retaliat*)`.
//! This module turns that text into a [`Query`] tree that each engine translates into
//! its own terms, so the language does not change when the engine does.
//!
//! The language:
//! - words are ANDed: `strike baghdad` finds articles with both;
//! - `"quoted phrase"`: the words next to each other, in that order;
//! - `escal*`: any word starting with `escal`;
//! - `OR`, `AND`, `NOT` (upper case only; lower-case `or` is an ordinary word);
//! - `-word`, `-"a phrase"`, `-(a OR b)`: exclude;
//! - parentheses group.
//!
//! Words are kept as typed; engines analyse them (case folding, accents, stemming).
//! A word without any letter or digit (`&`, `–`) can never match and is ignored.
//! Malformed input gives a [`QueryError`] saying what is wrong and where; the parser
//! never panics, whatever the input.

use std::fmt;
use std::str::FromStr;

/// Deepest parenthesis nesting accepted, so hostile input cannot exhaust the stack.
const MAX_NESTING: usize = 64;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// One word as typed (e.g. `strikes`, `al-Sudani`). If the engine's analyser
    /// splits it into several tokens, they are searched as a phrase.
    Word(String),
    /// A word prefix, without the trailing `*` (e.g. `escal` for `escal*`).
    Prefix(String),
    /// The text between double quotes, searched as a phrase.
    Phrase(String),
    /// All of these. Contains at least one positive (non-`Not`) child.
    And(Vec<Query>),
    /// Any of these. No child is a pure negation.
    Or(Vec<Query>),
    /// Exclusion; only ever appears as a child of `And`.
    Not(Box<Query>),
}

/// What is wrong with a query string, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, for a person, e.g. `unclosed quote`.
    pub message: String,
    /// 0-based position of the problem, counted in characters (not bytes).
    /// [`Display`](fmt::Display) shows it 1-based ("at character 12").
    pub position: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.position + 1)
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    fn new(message: impl Into<String>, position: usize) -> Self {
        QueryError {
            message: message.into(),
            position,
        }
    }
}

impl FromStr for Query {
    type Err = QueryError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Query::parse(input)
    }
}

impl Query {
    /// Parses a query typed by a user.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let tokens = lex(input)?;
        if tokens.is_empty() {
            let message = if input.trim().is_empty() {
                "empty query"
            } else {
                "the query has no letters or digits to search for"
            };
            return Err(QueryError::new(message, 0));
        }
        let mut parser = Parser {
            tokens,
            next: 0,
            depth: 0,
        };
        let parsed = parser.parse_or()?;
        if let Some(token) = parser.peek() {
            return Err(parser.unexpected(token.clone()));
        }
        if !parsed.positive {
            return Err(QueryError::new(
                "the query only excludes words; add a word to search for",
                parsed.first_negation,
            ));
        }
        Ok(parsed.query)
    }

    /// The leaves a document is searched for (words, prefixes, phrases), leaving out
    /// everything under a `Not`. Used to highlight matches.
    pub fn positive_leaves(&self) -> Vec<&Query> {
        let mut leaves = Vec::new();
        self.collect_positive_leaves(&mut leaves);
        leaves
    }

    fn collect_positive_leaves<'a>(&'a self, out: &mut Vec<&'a Query>) {
        match self {
            Query::Word(_) | Query::Prefix(_) | Query::Phrase(_) => out.push(self),
            Query::And(children) | Query::Or(children) => {
                for child in children {
                    child.collect_positive_leaves(out);
                }
            }
            Query::Not(_) => {}
        }
    }
}

/// A lexical token with the character position it starts at.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word {
        text: String,
        negated: bool,
        at: usize,
    },
    Prefix {
        text: String,
        negated: bool,
        at: usize,
    },
    Phrase {
        text: String,
        negated: bool,
        at: usize,
    },
    Open {
        negated: bool,
        at: usize,
    },
    Close {
        at: usize,
    },
    And {
        at: usize,
    },
    Or {
        at: usize,
    },
    Not {
        at: usize,
    },
}

impl Token {
    fn position(&self) -> usize {
        match self {
            Token::Word { at, .. }
            | Token::Prefix { at, .. }
            | Token::Phrase { at, .. }
            | Token::Open { at, .. }
            | Token::Close { at }
            | Token::And { at }
            | Token::Or { at }
            | Token::Not { at } => *at,
        }
    }

    /// Whether this token can begin an operand (something `AND` can join).
    fn starts_operand(&self) -> bool {
        matches!(
            self,
            Token::Word { .. }
                | Token::Prefix { .. }
                | Token::Phrase { .. }
                | Token::Open { .. }
                | Token::Not { .. }
        )
    }
}

fn has_searchable_char(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '"' || c == '(' || c == ')'
}

/// Splits the input into tokens, working in characters so positions are characters.
fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        // A leading '-' negates what follows it directly; a lone '-' (as in
        // "Iraq - US") is punctuation and ignored.
        let negated = c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&n| !n.is_whitespace() && n != ')');
        if negated {
            i += 1;
        }
        match chars[i] {
            '"' => {
                let (token, next) = lex_phrase(&chars, i, start, negated)?;
                tokens.extend(token);
                i = next;
            }
            '(' => {
                tokens.push(Token::Open { negated, at: start });
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close { at: start });
                i += 1;
            }
            _ => {
                let end = (i..chars.len())
                    .find(|&j| ends_word(chars[j]))
                    .unwrap_or(chars.len());
                let text: String = chars[i..end].iter().collect();
                tokens.extend(word_token(text, negated, start, i)?);
                i = end;
            }
        }
    }
    Ok(tokens)
}

/// Reads a quoted phrase whose opening quote is at `quote`; returns the token (none
/// for a phrase of punctuation only) and the index after the closing quote.
fn lex_phrase(
    chars: &[char],
    quote: usize,
    start: usize,
    negated: bool,
) -> Result<(Option<Token>, usize), QueryError> {
    let close = (quote + 1..chars.len())
        .find(|&j| chars[j] == '"')
        .ok_or_else(|| QueryError::new("unclosed quote", quote))?;
    let text: String = chars[quote + 1..close].iter().collect();
    if text.trim().is_empty() {
        return Err(QueryError::new("empty quotes", quote));
    }
    let token = has_searchable_char(&text).then_some(Token::Phrase {
        text,
        negated,
        at: start,
    });
    Ok((token, close + 1))
}

/// Classifies a run of non-space characters: operator, prefix, word, or nothing.
/// `text_at` is the character position where `text` itself begins.
fn word_token(
    text: String,
    negated: bool,
    start: usize,
    text_at: usize,
) -> Result<Option<Token>, QueryError> {
    if !negated {
        match text.as_str() {
            "AND" => return Ok(Some(Token::And { at: start })),
            "OR" => return Ok(Some(Token::Or { at: start })),
            "NOT" => return Ok(Some(Token::Not { at: start })),
            _ => {}
        }
    }
    if let Some(star) = text.chars().position(|c| c == '*') {
        let stem = text.trim_end_matches('*');
        let last = text.chars().count() - 1;
        if star != last {
            let message = if stem.contains('*') || star < stem.chars().count() {
                "'*' is only allowed at the end of a word"
            } else {
                "only one '*' is allowed at the end of a word"
            };
            return Err(QueryError::new(message, text_at + star));
        }
        if !has_searchable_char(stem) {
            return Err(QueryError::new(
                "'*' needs letters before it (e.g. escal*)",
                text_at + star,
            ));
        }
        return Ok(Some(Token::Prefix {
            text: stem.to_string(),
            negated,
            at: start,
        }));
    }
    Ok(has_searchable_char(&text).then_some(Token::Word {
        text,
        negated,
        at: start,
    }))
}

/// A parsed sub-query and what the negation check needs to know about it.
struct Parsed {
    query: Query,
    /// Whether the sub-query can match documents on its own (is not only exclusions).
    positive: bool,
    /// Where the first exclusion starts, for error messages.
    first_negation: usize,
}

impl Parsed {
    fn leaf(query: Query, negated: bool, at: usize) -> Parsed {
        if negated {
            Parsed::negation(query, at)
        } else {
            Parsed {
                query,
                positive: true,
                first_negation: at,
            }
        }
    }

    fn negation(query: Query, at: usize) -> Parsed {
        // NOT NOT x is x.
        let query = match query {
            Query::Not(inner) => {
                return Parsed {
                    query: *inner,
                    positive: true,
                    first_negation: at,
                }
            }
            other => Query::Not(Box::new(other)),
        };
        Parsed {
            query,
            positive: false,
            first_negation: at,
        }
    }
}

/// Recursive-descent parser: `or := and (OR and)*`, `and := unary ([AND] unary)*`,
/// `unary := NOT unary | operand`, `operand := word | prefix | phrase | ( or )`.
struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn advance(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        self.next += 1;
        token
    }

    /// The error for a token that cannot appear where it is.
    fn unexpected(&self, token: Token) -> QueryError {
        match token {
            Token::Close { at } => QueryError::new("unmatched ')'", at),
            Token::And { at } => QueryError::new("'AND' needs a term before it", at),
            Token::Or { at } => QueryError::new("'OR' needs a term before it", at),
            other => QueryError::new("unexpected term", other.position()),
        }
    }

    fn parse_or(&mut self) -> Result<Parsed, QueryError> {
        let first = self.parse_and()?;
        let mut alternatives = vec![first];
        while let Some(Token::Or { at }) = self.peek().cloned() {
            self.advance();
            if !self.peek().is_some_and(Token::starts_operand) {
                return Err(QueryError::new("'OR' needs a term after it", at));
            }
            alternatives.push(self.parse_and()?);
        }
        if alternatives.len() == 1 {
            return Ok(alternatives.pop().expect("one alternative"));
        }
        if let Some(negative) = alternatives.iter().find(|p| !p.positive) {
            return Err(QueryError::new(
                "an exclusion cannot be an alternative of 'OR'; combine it with a word to search for",
                negative.first_negation,
            ));
        }
        let first_negation = alternatives[0].first_negation;
        let mut children = Vec::new();
        for alternative in alternatives {
            match alternative.query {
                Query::Or(grandchildren) => children.extend(grandchildren),
                other => children.push(other),
            }
        }
        Ok(Parsed {
            query: Query::Or(children),
            positive: true,
            first_negation,
        })
    }

    fn parse_and(&mut self) -> Result<Parsed, QueryError> {
        let mut operands = vec![self.parse_unary()?];
        loop {
            match self.peek().cloned() {
                Some(Token::And { at }) => {
                    self.advance();
                    if !self.peek().is_some_and(Token::starts_operand) {
                        return Err(QueryError::new("'AND' needs a term after it", at));
                    }
                    operands.push(self.parse_unary()?);
                }
                Some(token) if token.starts_operand() => operands.push(self.parse_unary()?),
                _ => break,
            }
        }
        if operands.len() == 1 {
            return Ok(operands.pop().expect("one operand"));
        }
        let positive = operands.iter().any(|p| p.positive);
        let first_negation = operands
            .iter()
            .find(|p| !p.positive)
            .map_or(operands[0].first_negation, |p| p.first_negation);
        let mut children = Vec::new();
        for operand in operands {
            match operand.query {
                Query::And(grandchildren) => children.extend(grandchildren),
                other => children.push(other),
            }
        }
        Ok(Parsed {
            query: Query::And(children),
            positive,
            first_negation,
        })
    }

    fn parse_unary(&mut self) -> Result<Parsed, QueryError> {
        match self.advance() {
            Some(Token::Not { at }) => {
                if !self.peek().is_some_and(Token::starts_operand) {
                    return Err(QueryError::new("'NOT' needs a term after it", at));
                }
                let inner = self.parse_unary()?;
                Ok(Parsed::negation(inner.query, at))
            }
            Some(Token::Word { text, negated, at }) => {
                Ok(Parsed::leaf(Query::Word(text), negated, at))
            }
            Some(Token::Prefix { text, negated, at }) => {
                Ok(Parsed::leaf(Query::Prefix(text), negated, at))
            }
            Some(Token::Phrase { text, negated, at }) => {
                Ok(Parsed::leaf(Query::Phrase(text), negated, at))
            }
            Some(Token::Open { negated, at }) => self.parse_group(negated, at),
            Some(other) => Err(self.unexpected(other)),
            None => Err(QueryError::new("unexpected end of query", 0)),
        }
    }

    /// Parses `( ... )` after its opening parenthesis at `at`.
    fn parse_group(&mut self, negated: bool, at: usize) -> Result<Parsed, QueryError> {
        match self.peek() {
            None => return Err(QueryError::new("unclosed '('", at)),
            Some(Token::Close { .. }) => return Err(QueryError::new("empty parentheses", at)),
            _ => {}
        }
        if self.depth >= MAX_NESTING {
            return Err(QueryError::new("parentheses nested too deeply", at));
        }
        self.depth += 1;
        let inner = self.parse_or()?;
        self.depth -= 1;
        match self.advance() {
            Some(Token::Close { .. }) => {}
            None => return Err(QueryError::new("unclosed '('", at)),
            Some(other) => return Err(self.unexpected(other)),
        }
        if negated {
            if !inner.positive {
                return Err(QueryError::new(
                    "cannot exclude a group that only excludes",
                    inner.first_negation,
                ));
            }
            Ok(Parsed::negation(inner.query, at))
        } else {
            Ok(inner)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Query {
        Query::parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"))
    }

    fn error(input: &str) -> QueryError {
        match Query::parse(input) {
            Ok(q) => panic!("{input:?} should fail, got {q:?}"),
            Err(e) => e,
        }
    }

    fn word(s: &str) -> Query {
        Query::Word(s.into())
    }

    fn not(q: Query) -> Query {
        Query::Not(Box::new(q))
    }

    #[test]
    fn single_word() {
        assert_eq!(parse("strikes"), word("strikes"));
        assert_eq!(parse("  al-Sudani  "), word("al-Sudani"));
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(
            parse("us strikes"),
            Query::And(vec![word("us"), word("strikes")])
        );
    }

    #[test]
    fn explicit_and() {
        assert_eq!(parse("a AND b"), Query::And(vec![word("a"), word("b")]));
    }

    #[test]
    fn lower_case_operators_are_words() {
        assert_eq!(
            parse("war or peace"),
            Query::And(vec![word("war"), word("or"), word("peace")])
        );
    }

    #[test]
    fn phrase() {
        assert_eq!(
            parse("\"Kataib Hezbollah\""),
            Query::Phrase("Kataib Hezbollah".into())
        );
        assert_eq!(
            parse("strike \"Jurf al-Sakhar\""),
            Query::And(vec![word("strike"), Query::Phrase("Jurf al-Sakhar".into())])
        );
    }

    #[test]
    fn phrase_directly_after_word() {
        assert_eq!(
            parse("a\"b c\""),
            Query::And(vec![word("a"), Query::Phrase("b c".into())])
        );
    }

    #[test]
    fn prefix() {
        assert_eq!(parse("escal*"), Query::Prefix("escal".into()));
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(
            parse("a b OR c"),
            Query::Or(vec![Query::And(vec![word("a"), word("b")]), word("c")])
        );
        assert_eq!(
            parse("a OR b OR c"),
            Query::Or(vec![word("a"), word("b"), word("c")])
        );
    }

    #[test]
    fn parentheses_group() {
        assert_eq!(
            parse("a (b OR c)"),
            Query::And(vec![word("a"), Query::Or(vec![word("b"), word("c")])])
        );
        assert_eq!(parse("((a))"), word("a"));
    }

    #[test]
    fn not_and_minus_negate() {
        let expected = Query::And(vec![word("a"), not(word("b"))]);
        assert_eq!(parse("a NOT b"), expected);
        assert_eq!(parse("a -b"), expected);
        assert_eq!(parse("a AND NOT b"), expected);
        assert_eq!(
            parse("a -\"b c\""),
            Query::And(vec![word("a"), not(Query::Phrase("b c".into()))])
        );
        assert_eq!(
            parse("a -(b OR c)"),
            Query::And(vec![word("a"), not(Query::Or(vec![word("b"), word("c")]))])
        );
        assert_eq!(
            parse("a -escal*"),
            Query::And(vec![word("a"), not(Query::Prefix("escal".into()))])
        );
    }

    #[test]
    fn double_negation_cancels() {
        assert_eq!(parse("NOT NOT a"), word("a"));
    }

    #[test]
    fn hyphen_inside_word_and_lone_hyphen() {
        assert_eq!(
            parse("Iraq - US"),
            Query::And(vec![word("Iraq"), word("US")])
        );
        assert_eq!(parse("al-Sakhar"), word("al-Sakhar"));
    }

    #[test]
    fn punctuation_only_words_are_ignored() {
        assert_eq!(
            parse("Iraq & US"),
            Query::And(vec![word("Iraq"), word("US")])
        );
    }

    #[test]
    fn positive_leaves_skip_negations() {
        let q = parse("a \"b c\" d* -e -(f OR g)");
        let leaves: Vec<String> = q
            .positive_leaves()
            .iter()
            .map(|l| format!("{l:?}"))
            .collect();
        assert_eq!(
            leaves,
            vec!["Word(\"a\")", "Phrase(\"b c\")", "Prefix(\"d\")"]
        );
    }

    fn assert_error(input: &str, message: &str, position: usize) {
        let e = error(input);
        assert_eq!(
            (e.message.as_str(), e.position),
            (message, position),
            "for {input:?}"
        );
    }

    #[test]
    fn unclosed_quote() {
        assert_error("strike \"Jurf al", "unclosed quote", 7);
        assert_eq!(
            error("us strikes \"Jurf").to_string(),
            "unclosed quote at character 12"
        );
    }

    #[test]
    fn empty_quotes() {
        assert_error("a \"  \"", "empty quotes", 2);
    }

    #[test]
    fn unbalanced_parentheses() {
        assert_error("a (b OR c", "unclosed '('", 2);
        assert_error("a b)", "unmatched ')'", 3);
        assert_error("()", "empty parentheses", 0);
        assert_error("(a))", "unmatched ')'", 3);
    }

    #[test]
    fn dangling_operators() {
        assert_error("a OR", "'OR' needs a term after it", 2);
        assert_error("OR a", "'OR' needs a term before it", 0);
        assert_error("a AND", "'AND' needs a term after it", 2);
        assert_error("AND a", "'AND' needs a term before it", 0);
        assert_error("a NOT", "'NOT' needs a term after it", 2);
        assert_error("a OR OR b", "'OR' needs a term after it", 2);
        assert_error("a AND OR b", "'AND' needs a term after it", 2);
        assert_error("(a OR) b", "'OR' needs a term after it", 3);
    }

    #[test]
    fn bare_and_misplaced_stars() {
        assert_error("*", "'*' needs letters before it (e.g. escal*)", 0);
        assert_error("a -*", "'*' needs letters before it (e.g. escal*)", 3);
        assert_error("a*b", "'*' is only allowed at the end of a word", 1);
        assert_error("ab**", "only one '*' is allowed at the end of a word", 2);
    }

    #[test]
    fn empty_query() {
        assert_error("", "empty query", 0);
        assert_error("   ", "empty query", 0);
        assert_error(
            "& --",
            "the query has no letters or digits to search for",
            0,
        );
    }

    #[test]
    fn only_negations() {
        let message = "the query only excludes words; add a word to search for";
        assert_error("-a", message, 0);
        assert_error("NOT a", message, 0);
        assert_error("-a -b", message, 0);
        assert_error("(-a)", message, 1);
        assert_error(
            "a OR -b",
            "an exclusion cannot be an alternative of 'OR'; combine it with a word to search for",
            5,
        );
    }

    #[test]
    fn display_is_one_based() {
        let e = QueryError::new("unclosed quote", 11);
        assert_eq!(e.to_string(), "unclosed quote at character 12");
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_error("Súdani \"x", "unclosed quote", 7);
    }

    #[test]
    fn deep_nesting_is_refused_not_crashing() {
        let input = "(".repeat(10_000) + "a" + &")".repeat(10_000);
        assert_eq!(error(&input).message, "parentheses nested too deeply");
    }

    /// Tiny deterministic generator so the fuzz test needs no dependency.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn random_input_never_panics() {
        let alphabet: Vec<char> = "ab ZÉ\"()*-&ORANDNOT\t1é–".chars().collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let len = (next_random(&mut state) % 24) as usize;
            let input: String = (0..len)
                .map(|_| alphabet[(next_random(&mut state) % alphabet.len() as u64) as usize])
                .collect();
            match Query::parse(&input) {
                Ok(q) => assert!(!matches!(q, Query::Not(_)), "{input:?} gave {q:?}"),
                Err(e) => assert!(e.position <= input.chars().count(), "{input:?}: {e}"),
            }
        }
    }
}
