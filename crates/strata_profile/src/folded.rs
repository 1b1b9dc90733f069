//! Folded stacks (`root;caller;leaf 42`), the text format flame graph tools read (Brendan Gregg's
//! `stackcollapse` output, `inferno`'s input).

use std::fmt::Write;

use crate::model::{Profile, StackId};

/// One folded line per distinct stack with a non-zero sum of value `type_index` (labels are
/// aggregated away; stacks whose frame names are equal, e.g. differing only in line numbers, are
/// merged), frames root first, named by `frame_names(stack)` (root first) — the function names for
/// [`function_names`]. Lines are sorted, so the output is deterministic.
pub fn folded_lines(p: &Profile, type_index: usize, frame_names: impl Fn(StackId) -> Vec<String>) -> Vec<String> {
    let mut stack_value = vec![0i64; p.stack_count()];
    for (s, v) in p.sample_stacks().iter().zip(p.values_of(type_index)) {
        if let Some(slot) = stack_value.get_mut(s.0 as usize) {
            *slot = slot.saturating_add(v);
        }
    }
    let mut by_text: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for (i, v) in stack_value.iter().enumerate() {
        if *v == 0 || i == 0 {
            continue;
        }
        let names: Vec<String> = frame_names(StackId(i as u32)).into_iter().map(|n| n.replace(';', ":")).collect();
        let e = by_text.entry(names.join(";")).or_default();
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

/// Frame namer for [`folded_lines`]: the functions' names, root first.
pub fn function_names(p: &Profile) -> impl Fn(StackId) -> Vec<String> + '_ {
    move |s| p.stack_frames(s).iter().rev().map(|f| p.function_name(p.frame(*f).function).to_string()).collect()
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
