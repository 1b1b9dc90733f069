//! docs/rules/<CODE>.md and the rule table in docs/lint.md are generated from the rules' doc
//! comments and the code table; this test fails when they are stale. `STRATA_BLESS=1` rewrites them.

use std::path::Path;

use strata_lint::codes::{RULES, rule_page, rule_table};

const BEGIN: &str = "<!-- rules:begin (generated) -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn rule_docs_are_fresh() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let bless = std::env::var_os("STRATA_BLESS").is_some();
    let mut stale = Vec::new();
    for r in RULES {
        let path = docs.join("rules").join(format!("{}.md", r.code));
        let want = rule_page(r);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &want).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    let lint_md = docs.join("lint.md");
    let text = std::fs::read_to_string(&lint_md).unwrap();
    let (head, rest) = text.split_once(BEGIN).expect("docs/lint.md lacks the rules:begin marker");
    let (_, tail) = rest.split_once(END).expect("docs/lint.md lacks the rules:end marker");
    let want = format!("{head}{BEGIN}{}{END}{tail}", rule_table());
    if want != text {
        if bless {
            std::fs::write(&lint_md, want).unwrap();
        } else {
            stale.push(lint_md.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs (run STRATA_BLESS=1 cargo test -p strata_lint --test docs): {stale:?}"
    );
}
