//! Text helpers the shapes share: list markers and indentation.

/// Length of the list marker (`12. `, `- `) at the start of an item, spaces included.
pub fn list_marker_len(item: &str) -> usize {
    let leading = item.len() - item.trim_start_matches(' ').len();
    let rest = &item[leading..];
    let marker = match rest.chars().next() {
        Some('-' | '*' | '+') => 1,
        _ => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            digits + usize::from(rest[digits..].starts_with(['.', ')']))
        }
    };
    let after = &rest[marker..];
    let first_line = after.split('\n').next().unwrap_or("");
    let spaces = first_line.len() - first_line.trim_start_matches([' ', '\t']).len();
    leading + marker + spaces
}

/// The column where an item's content starts: continuation lines are indented by it.
pub fn item_indent(item: &str) -> usize {
    let marker = list_marker_len(item);
    let first_line = item.split('\n').next().unwrap_or("");
    if first_line.len() <= marker {
        // An empty first line: CommonMark indents the content by the marker and one space.
        marker.min(first_line.trim_end().len() + 1)
    } else {
        marker
    }
}

/// Removes up to `indent` leading spaces from every line but the first.
pub fn dedent(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(&line[spaces.min(indent)..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Trims a block of answer text: outer blank lines, trailing spaces on each line (hard
/// breaks), and the indentation all its lines share.
pub fn dedent_block(text: &str) -> String {
    dedent_lines(text, true)
}

/// Removes the indentation all non-blank lines share, and outer blank lines: for code,
/// whose relative indentation matters.
pub fn dedent_all(text: &str) -> String {
    dedent_lines(text, false)
}

/// Outer blank lines and trailing spaces removed, and the indentation the lines share;
/// with `first_apart`, the first line is trimmed on its own and not counted (a block's
/// source often starts mid-line, after its marker).
fn dedent_lines(text: &str, first_apart: bool) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let common = lines
        .iter()
        .skip(usize::from(first_apart))
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 && first_apart {
                l.trim_start()
            } else {
                l.get(common.min(l.len())..).unwrap_or("")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
