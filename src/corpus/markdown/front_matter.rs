//! YAML (`---`) or TOML (`+++`) front matter, as static site generators put at the top of
//! a page: metadata, not questions. Its `title`, if any, names the list.

use std::ops::Range;

/// Front matter at the very start of a text.
#[derive(Debug, PartialEq)]
pub struct FrontMatter {
    pub range: Range<usize>,
    pub title: Option<String>,
}

/// Finds front matter: a first line of `---` (or `+++`) closed by the same line (YAML
/// may also close with `...`). Without a closing line there is none: a lone `---` at
/// the top is a thematic break.
pub fn find(text: &str) -> Option<FrontMatter> {
    let first = text.split_inclusive('\n').next()?;
    let fence = first.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut offset = first.len();
    let mut title = None;
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        offset += line.len();
        if trimmed == fence || (fence == "---" && trimmed == "...") {
            return Some(FrontMatter {
                range: 0..offset,
                title,
            });
        }
        if title.is_none() {
            title = title_value(trimmed, fence);
        }
    }
    None
}

/// The value of a top-level `title: …` (YAML) or `title = "…"` (TOML) line.
fn title_value(line: &str, fence: &str) -> Option<String> {
    let separator = if fence == "---" { ':' } else { '=' };
    let (key, value) = line.split_once(separator)?;
    if key.trim_end() != "title" || key.starts_with(char::is_whitespace) {
        return None;
    }
    let value = value.trim();
    let unquoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .trim();
    (!unquoted.is_empty()).then(|| unquoted.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_titles() {
        let text = "---\ntitle: General Questions\nlayout: page\n---\n\n* What?\n";
        let found = find(text).expect("front matter");
        assert_eq!(found.title.as_deref(), Some("General Questions"));
        assert_eq!(&text[found.range.end..], "\n* What?\n");
        let toml = find("+++\ntitle = \"Networking\"\n+++\nrest").expect("front matter");
        assert_eq!(toml.title.as_deref(), Some("Networking"));
    }

    #[test]
    fn an_unclosed_fence_is_a_thematic_break_not_front_matter() {
        assert_eq!(find("---\n1. What is X?\n"), None);
        assert_eq!(find("# Title\n---\ntitle: x\n---\n"), None);
    }
}
