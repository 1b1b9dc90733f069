//! DOM001 domain-io-import.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a package of the domain layer that imports an I/O, network, database or framework
/// package: `os`, `os/exec`, `net`, `net/http`, `database/sql`, `syscall`, SQL and Redis drivers,
/// HTTP and RPC frameworks, cloud SDKs. `embed`, `io`, `io/fs`, `net/netip`, `net/url`, `time`,
/// `context`, `errors` and the other pure packages are fine.
///
/// ## Why is this bad?
/// The domain is the part that should outlive transports and databases. Once it opens files or
/// sockets it cannot be tested without them, and its cost is no longer the cost of business rules.
/// Every layered-architecture guide says the same; LAY001 cannot catch it, because the standard
/// library and other modules are allowed targets for every layer.
///
/// ## Example
/// ```go
/// package domain
///
/// import "database/sql"
///
/// func (o *Order) Save(db *sql.DB) error { … }
/// ```
///
/// Use instead:
/// ```go
/// package domain
///
/// type OrderStore interface{ Save(ctx context.Context, o Order) error } // implemented in infra
/// ```
///
/// ## Options
/// - `layers` (list, default `["domain"]`): the layers this rule applies to (use your component
///   names with a `.go-arch-lint.yml`).
/// - `deny` (list): replaces the default deny list. An entry `p` matches the import path `p`;
///   `p/...` matches `p` and everything below it.
/// - `extend-deny` (list): added to the deny list.
/// - `allow` (list): exempt these imports (same pattern syntax), e.g. `["os"]` for a domain that
///   reads environment variables on purpose.
///
/// ## Notes
/// `_test.go` files are not checked: tests may read golden files.
pub struct DomainIoImport;
}

/// The default deny list (see the doc comment for the pattern syntax).
pub const DEFAULT_DENY: &[&str] = &[
    "os",
    "os/exec",
    "os/signal",
    "os/user",
    "net",
    "net/http/...",
    "net/rpc/...",
    "net/smtp",
    "net/mail",
    "database/sql/...",
    "syscall",
    "log/syslog",
    "plugin",
    // SQL, document and key-value drivers and ORMs
    "github.com/lib/pq/...",
    "github.com/jackc/pgx/...",
    "github.com/jackc/pgx/v4/...",
    "github.com/jackc/pgx/v5/...",
    "github.com/go-sql-driver/mysql/...",
    "github.com/mattn/go-sqlite3/...",
    "modernc.org/sqlite/...",
    "github.com/jmoiron/sqlx/...",
    "gorm.io/...",
    "entgo.io/ent/...",
    "github.com/uptrace/bun/...",
    "go.mongodb.org/mongo-driver/...",
    "github.com/redis/go-redis/...",
    "github.com/go-redis/redis/...",
    "github.com/gomodule/redigo/...",
    "github.com/segmentio/kafka-go/...",
    "github.com/IBM/sarama/...",
    "github.com/Shopify/sarama/...",
    "github.com/nats-io/nats.go/...",
    "github.com/rabbitmq/amqp091-go/...",
    // HTTP / RPC frameworks
    "github.com/gin-gonic/gin/...",
    "github.com/labstack/echo/...",
    "github.com/labstack/echo/v4/...",
    "github.com/gofiber/fiber/...",
    "github.com/gofiber/fiber/v2/...",
    "github.com/go-chi/chi/...",
    "github.com/go-chi/chi/v5/...",
    "github.com/gorilla/mux/...",
    "github.com/valyala/fasthttp/...",
    "google.golang.org/grpc/...",
    "github.com/grpc-ecosystem/...",
    "connectrpc.com/connect/...",
    // cloud SDKs
    "github.com/aws/aws-sdk-go/...",
    "github.com/aws/aws-sdk-go-v2/...",
    "cloud.google.com/go/...",
    "github.com/Azure/azure-sdk-for-go/...",
];

/// True when `import` matches a pattern (`p` exactly, or `p/...` = `p` and below).
pub fn matches(pattern: &str, import: &str) -> bool {
    match pattern.strip_suffix("/...") {
        Some(base) => import == base || import.strip_prefix(base).is_some_and(|r| r.starts_with('/')),
        None => import == pattern,
    }
}

/// Check the imports of the domain layers' non-test files.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let layers = ctx.string_list(rule, "layers")?.unwrap_or_else(|| vec!["domain".to_string()]);
    let mut deny: Vec<String> =
        ctx.string_list(rule, "deny")?.unwrap_or_else(|| DEFAULT_DENY.iter().map(|s| (*s).to_string()).collect());
    deny.extend(ctx.string_list(rule, "extend-deny")?.unwrap_or_default());
    let allow = ctx.string_list(rule, "allow")?.unwrap_or_default();
    let map = ctx.layers;
    for pkg in ctx.packages {
        let layer = ctx.layer_of(pkg);
        if !layers.iter().any(|l| l == map.name(layer)) {
            continue;
        }
        for f in &pkg.files {
            for imp in &f.header.imports {
                let Some(hit) = deny.iter().find(|p| matches(p, &imp.path)) else { continue };
                if allow.iter().any(|p| matches(p, &imp.path)) {
                    continue;
                }
                let mut d = ctx.diagnostic_at(
                    rule,
                    &f.path,
                    imp.pos,
                    format!(
                        "{} layer package {} imports {} (denied by {hit:?}): keep I/O behind an interface implemented in an outer layer",
                        map.name(layer),
                        pkg.path,
                        imp.path
                    ),
                );
                d.layer_from = Some(map.name(layer).to_string());
                d.layer_to = Some(map.name(map.layer_of_package(&imp.path)).to_string());
                out.push(d);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_semantics() {
        assert!(matches("net", "net"));
        assert!(!matches("net", "net/netip"));
        assert!(matches("net/http/...", "net/http"));
        assert!(matches("net/http/...", "net/http/httptest"));
        assert!(!matches("net/http/...", "net/httpx"));
        assert!(!DEFAULT_DENY.iter().any(|p| matches(p, "embed") || matches(p, "io/fs") || matches(p, "net/url")));
    }
}
