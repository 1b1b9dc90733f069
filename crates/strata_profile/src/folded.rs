//! Folded stacks (`root;caller;leaf 42`), the text format flame graph tools read (Brendan Gregg's
//! `stackcollapse` output, `inferno`'s input).

use std::fmt::Write;

use crate::model::{Profile, StackId};

/// One folded line per distinct stack with a non-zero sum of value `type_index` (labels are
/// aggregated away; stacks that differ only in line numbers are merged), frames root first, named by `frame_name(stack node)` — the function name for
/// [`function_names`]. Lines are sorted, so the output is deterministic.
pub fn folded_lines(p: &Profile, type_index: usize, frame_name: impl Fn(StackId) -> String) -> Vec<String> {
    let mut node_value = vec![0i64; p.stack_count()];
    for (s, v) in p.sample_stacks().iter().zip(p.values_of(type_index)) {
        if let Some(slot) = node_value.get_mut(s.0 as usize) {
            *slot = slot.saturating_add(v);
        }
    }
    // Frames that differ only by line number fold into one line: aggregate by the text.
    let mut by_text: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    let mut frames: Vec<String> = Vec::new();
    for (i, v) in node_value.iter().enumerate() {
        if *v == 0 || i == 0 {
            continue;
        }
        frames.clear();
        let mut cur = StackId(i as u32);
        while cur != StackId::EMPTY {
            frames.push(frame_name(cur).replace(';', ":"));
            cur = p.stack_parent(cur).unwrap_or(StackId::EMPTY);
        }
        frames.reverse();
        let e = by_text.entry(frames.join(";")).or_default();
        *e = e.saturating_add(*v);
    }
    by_text
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(mut line, v)| {
            let _ = write!(line, " {v}");
            line
        })
        .collect()
}

/// Frame namer for [`folded_lines`]: the function's name.
pub fn function_names(p: &Profile) -> impl Fn(StackId) -> String + '_ {
    move |s| p.leaf_frame(s).map(|f| p.function_name(p.frame(f).function).to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ProfileBuilder, ValueType};

    #[test]
    fn folds_and_aggregates() {
        let mut b = ProfileBuilder::new();
        let t = ValueType { kind: b.intern("samples"), unit: b.intern("count") };
        b.set_sample_types(vec![t]);
        let a = b.function("main.main", "", "", 0);
        let c = b.function("main.work", "", "", 0);
        let fa = b.frame(a, 1);
        let fc = b.frame(c, 2);
        let s = b.stack_from_root([fa, fc]);
        let s2 = b.stack_from_root([fa]);
        let fc_other_line = b.frame(c, 3);
        let s3 = b.stack_from_root([fa, fc_other_line]);
        b.add_sample(s3, &[4], &[]);
        b.add_sample(s, &[2], &[]);
        b.add_sample(s, &[3], &[]);
        b.add_sample(s2, &[1], &[]);
        b.add_sample(StackId::EMPTY, &[9], &[]);
        let p = b.finish();
        assert_eq!(folded_lines(&p, 0, function_names(&p)), ["main.main 1", "main.main;main.work 9"]);
    }
}
