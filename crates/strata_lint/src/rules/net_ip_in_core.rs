//! NET001 net-ip-in-core.

use strata_go::ast::{Expr, ExprKind};
use strata_go::visit::{self, Visitor};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports uses of `net.IP`, `net.IPNet`, `net.IPMask`, `net.ParseIP`, `net.ParseCIDR`,
/// `net.IPv4`, `net.IPv4Mask` and `net.CIDRMask` in the domain and infra layers, where the
/// `net/netip` types (`netip.Addr`, `netip.Prefix`, `netip.ParseAddr`, `netip.ParsePrefix`,
/// `netip.AddrFrom4`) fit.
///
/// ## Why is this bad?
/// `net.IP` is a byte slice: every parsed address is a heap allocation, the same address has two
/// forms (4 and 16 bytes) so `==` does not work and it cannot be a map key, and it is mutable, so a
/// value stored in the domain can be changed by whoever still holds the slice. `netip.Addr` (Go
/// 1.18) is a small comparable value: no allocation, usable as a map key, immutable. Domain models
/// and the infra code that stores and caches addresses gain the most; projects migrate by hand
/// (crowdsec #3680, tailscale #5174) because no linter points at the uses.
///
/// ## Example
/// ```go
/// type Session struct {
///     ClientIP net.IP
/// }
///
/// func NewSession(addr string) Session { return Session{ClientIP: net.ParseIP(addr)} }
/// ```
///
/// Use instead:
/// ```go
/// type Session struct {
///     ClientIP netip.Addr
/// }
///
/// func NewSession(addr string) (Session, error) {
///     ip, err := netip.ParseAddr(addr)
///     return Session{ClientIP: ip}, err
/// }
/// ```
///
/// ## Options
/// - `layers` (list, default `["domain", "infra"]`): the layers this rule applies to.
///
/// ## Notes
/// Off by default: it is a migration suggestion, and code at an API that requires `net.IP`
/// (`net.TCPAddr{IP: …}`, older libraries) cannot always change; convert at that edge with
/// `netip.AddrFromSlice` / `addr.AsSlice()`. `_test.go` files are not checked. Results of other
/// `net` functions (`net.LookupIP`) are not reported, only the names above.
pub struct NetIpInCore;
}

/// The `net` names that have a `net/netip` counterpart, with it.
const NET_NAMES: &[(&str, &str)] = &[
    ("IP", "netip.Addr"),
    ("IPNet", "netip.Prefix"),
    ("IPMask", "netip.Prefix (its Bits)"),
    ("ParseIP", "netip.ParseAddr"),
    ("ParseCIDR", "netip.ParsePrefix"),
    ("IPv4", "netip.AddrFrom4"),
    ("IPv4Mask", "netip.PrefixFrom"),
    ("CIDRMask", "netip.PrefixFrom"),
];

/// Check the files of the configured layers.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let layers = ctx.string_list(rule, "layers")?.unwrap_or_else(|| vec!["domain".to_string(), "infra".to_string()]);
    let program = ctx.program();
    for pkg in &program.packages {
        let layer = ctx.layer_of_loaded(pkg);
        let layer_name = ctx.layers.name(layer);
        if !layers.iter().any(|l| l == layer_name) {
            continue;
        }
        for f in pkg.files.iter().filter(|f| !f.is_test) {
            let Some(net) = f.imports.iter().find(|(_, p)| p.as_str() == "net").map(|(n, _)| n.as_str()) else {
                continue;
            };
            let parsed = f.parse();
            let mut v = NetUses { net, hits: Vec::new() };
            visit::walk_file(&mut v, &parsed.file);
            for (span, name, instead) in v.hits {
                let mut d = ctx.diagnostic(
                    rule,
                    &f.path,
                    span.start as usize..span.end as usize,
                    format!(
                        "net.{name} in the {layer_name} layer: use {instead} from net/netip (a comparable value: no allocation, usable as a map key, immutable)"
                    ),
                );
                d.layer_from = Some(layer_name.to_string());
                out.push(d);
            }
        }
    }
    Ok(())
}

struct NetUses<'s> {
    net: &'s str,
    hits: Vec<(strata_go::Span, &'static str, &'static str)>,
}

impl<'a> Visitor<'a> for NetUses<'_> {
    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::Selector { x, sel } = &e.kind
            && x.as_ident().is_some_and(|i| i.name == self.net)
            && let Some(&(name, instead)) = NET_NAMES.iter().find(|(n, _)| *n == sel.name)
        {
            self.hits.push((e.span, name, instead));
            return;
        }
        visit::walk_expr(self, e);
    }
}
