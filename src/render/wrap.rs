//! Text fitted to a width at word boundaries. A word is never split: one longer than the
//! width stays whole on a line of its own, so that ids, paths and URLs can be copied.

use unicode_width::UnicodeWidthChar;

/// Columns `text` takes on a terminal: ANSI styles take none, wide characters two.
pub fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // A CSI sequence ends at its first letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// The widest word of `text`.
pub fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(visible_width)
        .max()
        .unwrap_or(0)
}

/// Each line of `text` wrapped to `width` columns. A wrapped line's continuation lines
/// keep its indentation, so code and nested lists stay readable.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        out.extend(wrap_line(line, width));
    }
    out.join("\n")
}

fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let body = body.trim_end();
    if body.is_empty() {
        return vec![String::new()];
    }
    let indent_width = visible_width(indent);
    let mut lines = Vec::new();
    let mut current = indent.to_string();
    let mut current_width = indent_width;
    for word in body.split(' ').filter(|w| !w.is_empty()) {
        let word_width = visible_width(word);
        let fresh = current_width == indent_width;
        if !fresh && current_width + 1 + word_width > width {
            lines.push(std::mem::replace(&mut current, indent.to_string()));
            current_width = indent_width;
        } else if !fresh {
            current.push(' ');
            current_width += 1;
        }
        current.push_str(word);
        current_width += word_width;
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stay_whole_and_lines_keep_their_indentation() {
        let text = "    let total = compute(first_argument, second_argument, third);";
        let wrapped = wrap(text, 30);
        for line in wrapped.lines() {
            assert!(line.starts_with("    "), "{wrapped}");
            assert!(visible_width(line) <= 30, "{wrapped}");
        }
        let words: Vec<&str> = wrapped.split_whitespace().collect();
        let original: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, original);
    }

    #[test]
    fn a_word_longer_than_the_width_is_not_split() {
        let path = "/home/someone/projects/interview-questions/corpus";
        let wrapped = wrap(&format!("index at {path} (per corpus)"), 20);
        assert!(wrapped.lines().any(|l| l == path), "{wrapped}");
    }

    #[test]
    fn styles_take_no_width() {
        assert_eq!(visible_width("\u{1b}[1m\u{1b}[33mcache\u{1b}[0m"), 5);
        assert_eq!(visible_width("日本"), 4);
        assert_eq!(longest_word("a \u{1b}[2mrather\u{1b}[0m long"), 6);
    }
}
