//! GFM tables: splitting a row into cells, reading the alignment row, and emitting the table.

use super::refs::Refs;
use super::tree::{Kind, Tree};
use super::{inline, Align, MdTag};

/// Empty cells any table may add to pad short rows, beyond one per cell actually written. A wide
/// head over many one-cell rows would otherwise multiply the output.
const PAD_BUDGET: usize = 4096;

/// The cells of a row: split on `|` (not on `\|`), outer pipes optional, `\|` becomes `|`.
pub(super) fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") { &t[..t.len() - 1] } else { t };
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('|') => cell.push('|'),
                Some(next) => {
                    cell.push('\\');
                    cell.push(next);
                }
                None => cell.push('\\'),
            },
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// The alignments of a delimiter row (`|:--|:-:|--:|`), which must contain a pipe.
pub(super) fn delimiter_row(line: &str) -> Option<Vec<Align>> {
    if !line.contains('|') {
        return None;
    }
    cells(line)
        .iter()
        .map(|cell| {
            let left = cell.starts_with(':');
            let right = cell.ends_with(':');
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
                return None;
            }
            Some(match (left, right) {
                (true, true) => Align::Center,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => Align::None,
            })
        })
        .collect()
}

/// Emits a table: the first row is the head, the others the body. Short rows are padded with
/// empty cells (within the budget), extra cells are dropped.
pub(super) fn emit(tree: &mut Tree, aligns: &[Align], rows: Vec<Vec<String>>, refs: &Refs) {
    let body = rows.len() > 1;
    let mut budget = PAD_BUDGET + rows.iter().map(Vec::len).sum::<usize>();
    tree.push(Kind::Leaf, MdTag::Table);
    for (i, row) in rows.into_iter().enumerate() {
        let header = i == 0;
        if i < 2 {
            tree.push(Kind::Leaf, if header { MdTag::TableHead } else { MdTag::TableBody });
        }
        tree.push(Kind::Leaf, MdTag::TableRow);
        let mut row = row.into_iter();
        for &align in aligns {
            let cell = row.next();
            if cell.is_none() {
                if budget == 0 {
                    break;
                }
                budget -= 1;
            }
            tree.push(Kind::Leaf, MdTag::TableCell { header, align });
            if let Some(cell) = cell {
                tree.emit(inline::parse(&cell, refs));
            }
            tree.pop();
        }
        tree.pop();
        if header {
            tree.pop();
        }
    }
    if body {
        tree.pop();
    }
    tree.pop();
}
