//! `--select` / `--ignore`: rule codes, code prefixes (`LAY`, `MOD0`) and `ALL`.
//!
//! With no `select`, the rules enabled by default run. A `select` list replaces that set; `ignore`
//! then removes rules (ignore wins over select). An entry that matches no rule is an error, so a
//! typo never silently disables a check.

use crate::codes::RULES;
use crate::error::{Error, Result};
use crate::rule::RuleMeta;

/// Rules matching one selector (`ALL`, a code, or a code prefix; case-insensitive).
pub fn matching(selector: &str, origin: &str) -> Result<Vec<&'static RuleMeta>> {
    let s = selector.trim().to_ascii_uppercase();
    let hits: Vec<&RuleMeta> = if s == "ALL" {
        RULES.iter().collect()
    } else if s.is_empty() {
        Vec::new()
    } else {
        RULES.iter().filter(|r| r.code.starts_with(&s)).collect()
    };
    if hits.is_empty() {
        return Err(Error::Selector { origin: origin.to_string(), text: selector.to_string() });
    }
    Ok(hits)
}

/// Split comma-separated lists (`--select LAY,MOD001`).
pub fn split_list<S: AsRef<str>>(items: &[S]) -> Vec<String> {
    items
        .iter()
        .flat_map(|s| s.as_ref().split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string))
        .collect()
}

/// The enabled rules, in code-table order.
pub fn resolve(select: Option<&[String]>, ignore: &[String], origin: &str) -> Result<Vec<&'static RuleMeta>> {
    let mut on: Vec<bool> = match select {
        None => RULES.iter().map(|r| r.default_enabled).collect(),
        Some(list) => {
            let mut on = vec![false; RULES.len()];
            for s in list {
                for r in matching(s, origin)? {
                    if let Some(i) = RULES.iter().position(|x| x.code == r.code)
                        && let Some(slot) = on.get_mut(i)
                    {
                        *slot = true;
                    }
                }
            }
            on
        }
    };
    for s in ignore {
        for r in matching(s, origin)? {
            if let Some(i) = RULES.iter().position(|x| x.code == r.code)
                && let Some(slot) = on.get_mut(i)
            {
                *slot = false;
            }
        }
    }
    Ok(RULES.iter().zip(on).filter(|(_, on)| *on).map(|(r, _)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: Vec<&RuleMeta>) -> Vec<&str> {
        v.into_iter().map(|r| r.code).collect()
    }

    #[test]
    fn prefixes_all_and_ignore() {
        let s = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(codes(resolve(Some(&s(&["LAY"])), &[], "t").unwrap()), ["LAY001", "LAY002", "LAY003"]);
        assert_eq!(codes(resolve(Some(&s(&["mod0"])), &s(&["MOD002"]), "t").unwrap()), ["MOD001", "MOD003", "MOD004"]);
        assert_eq!(resolve(Some(&s(&["ALL"])), &[], "t").unwrap().len(), RULES.len());
        assert!(resolve(Some(&s(&["ALL"])), &s(&["ALL"]), "t").unwrap().is_empty());
        let defaults = codes(resolve(None, &[], "t").unwrap());
        assert!(defaults.contains(&"LAY001") && defaults.contains(&"E001") && defaults.contains(&"ERR001"));
        assert!(!defaults.contains(&"NET001"), "NET001 is opt-in");
        let e = resolve(Some(&s(&["LAX"])), &[], "--select").unwrap_err().to_string();
        assert!(e.starts_with("--select: \"LAX\" selects no rule"), "{e}");
        assert_eq!(split_list(&["LAY, MOD001", ",E"]), ["LAY", "MOD001", "E"]);
    }
}
