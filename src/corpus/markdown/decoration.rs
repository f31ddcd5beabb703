//! What lists carry besides questions and is skipped without a word: tables of
//! contents, badges and images, "back to top" links, HTML spacers and banners,
//! adverts for a site with the answers, and headings that only name the page's parts.
//! Also what is no answer: a placeholder ("TBD") or a bare link elsewhere.

use super::markers::looks_like_question;

/// Whether a list is a table of contents: every line of it is a link (items nest).
pub fn is_link_list(source: &str) -> bool {
    let mut lines = source.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.clone().next().is_some() && lines.all(|line| is_link(strip_list_marker(line)))
}

fn strip_list_marker(line: &str) -> &str {
    let rest = line.trim_start_matches(['-', '*', '+']);
    let rest = if rest.len() == line.len() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(['.', ')']) {
            &line[digits + 1..]
        } else {
            line
        }
    } else {
        rest
    };
    rest.trim()
}

/// Whether `text` is a single markdown link `[text](target)` (images and badges too).
pub fn is_link(text: &str) -> bool {
    let text = text
        .trim()
        .trim_end_matches("<br>")
        .trim_end_matches("<br/>")
        .trim();
    link_end(text) == Some(text.len())
}

/// Whether a paragraph's source is only links, images and badges (a line of them),
/// with plain text `plain` that does not ask anything.
pub fn is_link_line(source: &str, plain: &str) -> bool {
    let mut rest = source.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(end) = link_end(rest) else {
            return false;
        };
        rest = rest[end..].trim_start_matches([' ', '\t', '\n', '|', '·', '•', '-']);
    }
    !looks_like_question(plain)
}

/// The end of a link (or image, or linked image) at the start of `text`. The label may
/// hold brackets itself (`[[↑]](#toc)`, a badge image in a link).
fn link_end(text: &str) -> Option<usize> {
    let start = usize::from(text.starts_with('!'));
    let rest = text[start..].strip_prefix('[')?;
    let mut depth = 1;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let after = start + 1 + close? + 1;
    let target = text[after..].strip_prefix('(')?;
    let end = target.find(')')?;
    Some(after + 1 + end + 1)
}

/// Whether a line is a link back to the top of the page or its contents.
pub fn is_back_link(line: &str) -> bool {
    let trimmed = line.trim().trim_matches(['*', '_']);
    if !is_link(trimmed) || !trimmed.contains("](#") {
        return false;
    }
    let lower = trimmed.to_lowercase();
    ["back to top", "top", "⬆", "↑", "🔝", "contents", "back"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Whether an HTML block is decoration: tags only (banners, images, spacers,
/// anchors, comments), no text of its own.
pub fn is_html_decoration(source: &str) -> bool {
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_comment = false;
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if in_comment {
            if rest.starts_with("-->") {
                in_comment = false;
                rest = &rest[3..];
                continue;
            }
        } else if rest.starts_with("<!--") {
            in_comment = true;
            rest = &rest[4..];
            continue;
        } else if c == '<' {
            in_tag = true;
        } else if c == '>' && in_tag {
            in_tag = false;
        } else if !in_tag {
            text.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    let lower = text.trim().to_lowercase();
    lower.is_empty()
        || (lower.len() < 40 && (lower.contains("back to top") || lower.contains("top of page")))
        || text
            .split_whitespace()
            .all(|w| w == "&nbsp;" || !w.chars().any(char::is_alphanumeric))
}

/// Words of a heading that only names a part of the page, not a topic.
const PAGE_PARTS: &[&str] = &[
    "table of contents",
    "contents",
    "toc",
    "index",
    "license",
    "licence",
    "contributing",
    "contribute",
    "how to contribute",
    "contributors",
    "credits",
    "acknowledgements",
    "acknowledgments",
    "support",
    "sponsors",
    "donate",
    "changelog",
];

/// Whether a heading names a part of the page (contents, licence) rather than a topic.
pub fn is_page_part(heading: &str) -> bool {
    let lower = heading.trim().trim_end_matches(':').to_lowercase();
    PAGE_PARTS.contains(&lower.as_str())
}

/// Whether a heading or paragraph advertises the answers elsewhere: "You can also
/// find all 60 answers here 👉 [site](…)", "Explore all answers on …", "Get the
/// full answers at …".
pub fn is_advert(plain: &str) -> bool {
    let lower = plain.to_lowercase();
    let pointing = lower.contains('👉') || lower.contains("here") || lower.contains(" on ");
    let answers = lower.contains("answer") || lower.contains("solution");
    let verbs = [
        "find",
        "explore",
        "check out",
        "get ",
        "see ",
        "read ",
        "visit",
        "unlock",
    ];
    (answers
        && pointing
        && plain.chars().count() < 160
        && verbs.iter().any(|v| lower.contains(v))
        && !looks_like_question(plain))
        || lower.starts_with("back to top")
        || lower.contains("⬆ back to")
}

/// Whether every line of a list is a link within the page (`[Topic](#topic)`):
/// navigation, whatever its links say.
pub fn is_anchor_list(source: &str) -> bool {
    is_link_list(source)
        && source
            .lines()
            .filter(|l| !l.trim().is_empty())
            .all(|l| l.contains("](#"))
}

/// A heading's text without the decoration lists put in it: a "back to top" arrow
/// link (`[[↑]](#toc)`), leading symbols and emoji, a trailing colon.
pub fn clean_heading(text: &str) -> String {
    let mut text = text.trim();
    for arrow in ["[↑]", "[⬆]", "[top]", "↑", "⬆", "⬆️", "🔝"] {
        text = text.strip_prefix(arrow).unwrap_or(text).trim_start();
    }
    let lower = text.to_lowercase();
    if lower.starts_with("back to top") {
        text = text["back to top".len()..].trim_start();
    }
    let text = without_shortcodes(text);
    strip_symbols(&text)
        .trim_end_matches(':')
        .trim_end()
        .to_string()
}

/// Text without `:emoji_name:` shortcodes, which GitHub draws as emoji.
fn without_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        if name_len > 1
            && after.starts_with(|c: char| c.is_ascii_alphabetic())
            && after[name_len..].starts_with(':')
        {
            out.push_str(&rest[..start]);
            rest = &after[name_len + 1..];
        } else {
            out.push_str(&rest[..=start]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Text without leading symbols and emoji ("🔹 What is …", "▶ Q1. …").
pub fn strip_symbols(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        !(c.is_alphanumeric()
            || c.is_whitespace()
            || matches!(
                c,
                '*' | '_' | '`' | '"' | '\'' | '(' | '[' | '<' | '“' | '‘' | '¿'
            ))
    })
    .trim_start()
}

/// Whether an answer says only that there is none yet.
pub fn is_placeholder(answer: &str) -> bool {
    let lower = answer
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    [
        "",
        "tbd",
        "todo",
        "tba",
        "wip",
        "n/a",
        "na",
        "coming soon",
        "to be added",
        "to be completed",
        "to be done",
        "to be written",
        "answer coming soon",
        "work in progress",
    ]
    .contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_tables_of_contents() {
        assert!(is_link("[[↑]](#toc)"));
        assert!(is_link("[![badge](https://img)](https://ci)"));
        assert!(!is_link("[a](b) and more"));
        assert!(is_link_list(
            "* [Patterns](#patterns)\n  * [Singleton](#singleton)\n\n* [Web](#web)\n"
        ));
        assert!(!is_link_list("* [Patterns](#patterns)\n* What is X?\n"));
    }

    #[test]
    fn link_lines_that_do_not_ask() {
        assert!(is_link_line("[Resources](patterns/ioc.md)", "Resources"));
        assert!(is_link_line("[![a](x)](y) [![b](z)](w)", ""));
        assert!(!is_link_line(
            "[What happens when you type a URL?](https://x)",
            "What happens when you type a URL?"
        ));
        assert!(!is_link_line(
            "See [this](x) for more.",
            "See this for more."
        ));
    }

    #[test]
    fn back_links() {
        assert!(is_back_link("**[⬆ Back to Top](#table-of-contents)**"));
        assert!(is_back_link("[[↑] top](#toc)"));
        assert!(!is_back_link("[Caching](#caching)"));
        assert!(!is_back_link("See [the top](#top) and more"));
    }

    #[test]
    fn html_decoration() {
        assert!(is_html_decoration("<br>\n"));
        assert!(is_html_decoration(
            "<div>\n<p align=\"center\">\n<a href=\"x\"><img src=\"y\"></a>\n</p>\n"
        ));
        assert!(is_html_decoration("<!-- a comment with words -->"));
        assert!(is_html_decoration(
            "<div align=\"right\">\n    <b><a href=\"#\">↥ back to top</a></b>\n</div>"
        ));
        assert!(!is_html_decoration("<table><tr><td>GET</td></tr></table>"));
    }

    #[test]
    fn adverts_headings_and_placeholders() {
        assert!(is_advert(
            "You can also find all 60 answers here 👉 Site - Topic"
        ));
        assert!(is_advert("Explore all 60 answers here 👉 Site"));
        assert!(!is_advert("Where are the answers?"));
        assert_eq!(
            clean_heading("[↑] Questions about Design Patterns:"),
            "Questions about Design Patterns"
        );
        assert_eq!(clean_heading("🔹 1. What is X?"), "1. What is X?");
        assert!(is_page_part("Table of Contents"));
        assert!(is_advert("Read answer on 👉 FullStack.Cafe"));
        assert_eq!(
            clean_heading(":diamond_shape_with_a_dot_inside: Simple Questions"),
            "Simple Questions"
        );
        assert_eq!(clean_heading("Ports: 80 and 443"), "Ports: 80 and 443");
        assert!(is_anchor_list(
            "* [Explain event delegation](#explain-event-delegation)\n"
        ));
        assert!(!is_anchor_list("* [What is X?](answers/x.md)\n"));
        assert!(is_placeholder("TBD"));
        assert!(is_placeholder("*To be completed.*"));
        assert!(!is_placeholder("A lock."));
    }
}
