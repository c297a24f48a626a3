//! The document model: a decoded text with its lines and tokens.

use crate::text::{self, Line};
use crate::tokenize::{self, Token};

/// A text split into pages, lines and tokens, all as byte spans into it.
#[derive(Debug)]
pub struct Document<'a> {
    /// The decoded source text.
    pub text: &'a str,
    /// Lines in order, with their page and line numbers.
    pub lines: Vec<Line>,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// For each token, the index of its line in [`Document::lines`].
    pub token_line: Vec<u32>,
}

impl<'a> Document<'a> {
    /// Segments `text`.
    pub fn new(text: &'a str) -> Self {
        let lines = text::lines(text);
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut token_line = Vec::with_capacity(text.len() / 5);
        for (i, line) in lines.iter().enumerate() {
            tokenize::tokenize_into(&text[line.span.clone()], line.span.start, &mut tokens);
            token_line.resize(tokens.len(), i as u32);
        }
        Document {
            text,
            lines,
            tokens,
            token_line,
        }
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].span.clone()]
    }

    /// The number of pages (at least 1).
    pub fn pages(&self) -> u32 {
        self.lines.last().map_or(1, |l| l.page)
    }
}
