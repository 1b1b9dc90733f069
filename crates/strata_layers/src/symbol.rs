//! Go symbol name → package path.

use std::borrow::Cow;

/// The package path of a Go symbol as it appears in pprof profiles, execution traces, ELF symbol
/// tables and pclntab: everything up to the first `.` after the last `/`, with `%2e` decoded.
///
/// Handles methods (`pkg/path.(*T).M`, `pkg.T.M`), closures (`pkg.F.func1`, `pkg.(*T).M.func2.1`),
/// method values (`pkg.T.M-fm`), and generic instantiations whose type arguments may themselves
/// contain slashes and dots (`pkg.F[...]`, `pkg.Map[go.shape.string,example.com/x.T]`): the bracketed
/// part is ignored. Linker- and compiler-made names map to `runtime`
/// (`type:.eq.[2]string`, `go:itab.*bytes.Buffer,io.Writer`, `go:buildid`).
/// Returns `None` for names with no package (C symbols, `[unknown]`, empty).
///
/// ```
/// use strata_layers::package_of_symbol;
/// assert_eq!(package_of_symbol("net/http.(*conn).serve").as_deref(), Some("net/http"));
/// assert_eq!(package_of_symbol("gopkg.in/yaml%2ev3.Unmarshal").as_deref(), Some("gopkg.in/yaml.v3"));
/// assert_eq!(package_of_symbol("example.com/x.F[...]").as_deref(), Some("example.com/x"));
/// ```
pub fn package_of_symbol(sym: &str) -> Option<Cow<'_, str>> {
    let sym = sym.trim();
    if sym.starts_with("type:") || sym.starts_with("go:") || sym.starts_with("go.") {
        // go.shape.*, go.itab.* (pre-1.20 spelling), go:itab.*, type:.eq.* …
        return Some(Cow::Borrowed("runtime"));
    }
    // Generic type arguments may contain '/' and '.', so cut them first.
    let head = match sym.find('[') {
        Some(i) => sym.get(..i)?,
        None => sym,
    };
    let after_slash = head.rfind('/').map_or(0, |i| i + 1);
    let dot = after_slash + head.get(after_slash..)?.find('.')?;
    let pkg = head.get(..dot)?;
    if pkg.is_empty() || pkg.contains(char::is_whitespace) || pkg.starts_with('(') {
        return None;
    }
    if pkg.contains("%2e") || pkg.contains("%2E") {
        Some(Cow::Owned(pkg.replace("%2e", ".").replace("%2E", ".")))
    } else {
        Some(Cow::Borrowed(pkg))
    }
}

#[cfg(test)]
mod tests {
    use super::package_of_symbol as p;

    fn pk(s: &str) -> Option<String> {
        p(s).map(|c| c.into_owned())
    }

    #[test]
    fn plain_functions_and_methods() {
        assert_eq!(pk("main.main").as_deref(), Some("main"));
        assert_eq!(pk("runtime.mallocgc").as_deref(), Some("runtime"));
        assert_eq!(pk("net/http.(*conn).serve").as_deref(), Some("net/http"));
        assert_eq!(pk("net/http.HandlerFunc.ServeHTTP").as_deref(), Some("net/http"));
        assert_eq!(
            pk("example.com/shop/internal/repository.(*Orders).Get").as_deref(),
            Some("example.com/shop/internal/repository")
        );
        assert_eq!(pk("sync/atomic.(*Int64).Add").as_deref(), Some("sync/atomic"));
        assert_eq!(pk("runtime/internal/atomic.Xadd").as_deref(), Some("runtime/internal/atomic"));
    }

    #[test]
    fn closures_and_method_values() {
        assert_eq!(pk("example.com/a/handler.New.func1").as_deref(), Some("example.com/a/handler"));
        assert_eq!(pk("example.com/a/handler.(*H).Serve.func2.1").as_deref(), Some("example.com/a/handler"));
        assert_eq!(pk("example.com/a/svc.T.M-fm").as_deref(), Some("example.com/a/svc"));
        assert_eq!(pk("main.main.gowrap1").as_deref(), Some("main"));
        assert_eq!(pk("main.init.0").as_deref(), Some("main"));
    }

    #[test]
    fn generics() {
        assert_eq!(pk("example.com/x.F[...]").as_deref(), Some("example.com/x"));
        assert_eq!(pk("example.com/x.Map[go.shape.string,example.com/y/z.T]").as_deref(), Some("example.com/x"));
        assert_eq!(pk("example.com/x.(*List[go.shape.int]).Push").as_deref(), Some("example.com/x"));
        assert_eq!(pk("slices.SortFunc[...].func1").as_deref(), Some("slices"));
        assert_eq!(pk("github.com/a/b.Do[github.com/c/d.e,int].func1").as_deref(), Some("github.com/a/b"));
    }

    #[test]
    fn escaped_dots_in_last_element() {
        assert_eq!(pk("gopkg.in/yaml%2ev3.Unmarshal").as_deref(), Some("gopkg.in/yaml.v3"));
        assert_eq!(pk("example.com/a%2Eb.F").as_deref(), Some("example.com/a.b"));
        // A dot in an earlier element is a real dot.
        assert_eq!(pk("github.com/x/y.F").as_deref(), Some("github.com/x/y"));
    }

    #[test]
    fn compiler_and_linker_names_are_runtime() {
        assert_eq!(pk("type:.eq.[2]interface {}").as_deref(), Some("runtime"));
        assert_eq!(pk("go:itab.*bytes.Buffer,io.Writer").as_deref(), Some("runtime"));
        assert_eq!(pk("go.shape.int").as_deref(), Some("runtime"));
    }

    #[test]
    fn not_symbols() {
        assert_eq!(pk(""), None);
        assert_eq!(pk("[unknown]"), None);
        assert_eq!(pk("_cgo_topofstack"), None);
        assert_eq!(pk("x/"), None);
        assert_eq!(pk("(anonymous).f"), None);
        assert_eq!(pk(".f"), None);
    }
}
