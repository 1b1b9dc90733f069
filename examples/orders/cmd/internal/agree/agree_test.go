// Package agree checks that the layered and the flat order service give the same answers: it starts
// both against one PostgreSQL + Redis pair, plays a scripted sequence of requests (error cases included)
// against each from the same database state, and compares status, Content-Type and body byte for byte.
//
// Databases: ORDERS_PG_URL + ORDERS_REDIS_ADDR name running servers (seeded by harness/db.sh); without
// them the test starts its own with harness/db.sh, and skips (saying why) only when PostgreSQL 15 or
// redis-server is not installed. CI runs it through scripts/test.d/30-orders.sh.
package agree

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"example.com/orders/cmd/internal/seedmodel"
	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", dir, err)
	}
	return dir
}

// databases returns the PostgreSQL URL and Redis address to use, starting private servers if needed.
func databases(t *testing.T, root string) (string, string) {
	t.Helper()
	pg, rd := os.Getenv("ORDERS_PG_URL"), os.Getenv("ORDERS_REDIS_ADDR")
	if pg != "" && rd != "" {
		return pg, rd
	}
	pgbin := os.Getenv("PGBIN")
	if pgbin == "" {
		pgbin = "/usr/lib/postgresql/15/bin"
	}
	if _, err := os.Stat(filepath.Join(pgbin, "initdb")); err != nil {
		t.Skipf("SKIP: no ORDERS_PG_URL/ORDERS_REDIS_ADDR and no PostgreSQL at %s (install with "+
			"scripts/setup.d/20-orders-services.sh; CI runs this test via scripts/test.d/30-orders.sh)", pgbin)
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("SKIP: no ORDERS_PG_URL/ORDERS_REDIS_ADDR and no redis-server on PATH (install with " +
			"scripts/setup.d/20-orders-services.sh; CI runs this test via scripts/test.d/30-orders.sh)")
	}
	// Not t.TempDir(): its parent is private (0700), and PostgreSQL runs as the postgres user when root.
	dir, err := os.MkdirTemp("", "orders-agree-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "harness", "db.sh")
	out, err := exec.Command("bash", script, "start", dir).CombinedOutput()
	t.Cleanup(func() { _ = exec.Command("bash", script, "stop", dir).Run() })
	if err != nil {
		t.Fatalf("harness/db.sh start: %v\n%s", err, out)
	}
	env := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env["ORDERS_PG_URL"], env["ORDERS_REDIS_ADDR"]
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// service builds and starts cmd/<name>, returning its base URL; it is stopped at cleanup and must
// exit cleanly.
func service(t *testing.T, root, bin, name, pg, rd string) string {
	t.Helper()
	exe := filepath.Join(bin, name)
	gotool := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(gotool, "build", "-o", exe, "./cmd/"+name)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, out)
	}
	addr := freeAddr(t)
	cmd := exec.Command(exe, "-listen", addr, "-debug-listen", freeAddr(t), "-pg", pg, "-redis", rd)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s exited with %v\n%s", name, err, logs.String())
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("%s did not stop on SIGINT", name)
		}
		if strings.Contains(logs.String(), "panic") {
			t.Errorf("%s logged a panic:\n%s", name, logs.String())
		}
	})
	base := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if i == 100 {
			t.Fatalf("%s not healthy: %v\n%s", name, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// resetState removes what earlier runs created and empties the permission cache, so each service
// starts from the seed state (same order ids, cold cache).
func resetState(t *testing.T, pgURL, redisAddr string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, sql := range []string{
		fmt.Sprintf("DELETE FROM order_items WHERE order_id > %d", seedmodel.Orders),
		fmt.Sprintf("DELETE FROM orders WHERE id > %d", seedmodel.Orders),
		fmt.Sprintf("SELECT setval('orders_id_seq', %d)", seedmodel.Orders),
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer rdb.Close()
	if err := rdb.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
}

type step struct {
	name   string
	method string
	path   string
	auth   string // full Authorization header value, "" for none
	body   string
	want   int
}

type answer struct {
	status      int
	contentType string
	body        string
}

func play(t *testing.T, base string, steps []step) []answer {
	t.Helper()
	out := make([]answer, len(steps))
	for i, s := range steps {
		req, err := http.NewRequest(s.method, base+s.path, strings.NewReader(s.body))
		if err != nil {
			t.Fatal(err)
		}
		if s.auth != "" {
			req.Header.Set("Authorization", s.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		out[i] = answer{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: string(body)}
	}
	return out
}

func bearer(t *testing.T, claims jwt.MapClaims, secret string) string {
	t.Helper()
	s, err := seedmodel.TokenWith([]byte(secret), claims)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + s
}

func script(t *testing.T) []step {
	secret := seedmodel.DefaultSecret
	exp := time.Now().Add(time.Hour).Unix()
	user := func(u int64) string {
		return bearer(t, jwt.MapClaims{"sub": fmt.Sprint(u), "tenant": seedmodel.TenantOf(u), "role": seedmodel.RoleOf(u), "exp": exp}, secret)
	}
	const order = 1
	owner := seedmodel.OwnerOf(order) // 7920: customer, tenant 1
	if seedmodel.RoleOf(owner) != "customer" {
		t.Fatalf("seed changed: owner of order 1 is %s", seedmodel.RoleOf(owner))
	}
	otherTenant := owner + 1 // customer in the next tenant
	auditor := int64(8000)   // every user u with u % 100 == 0 is an auditor of tenant 1, like owner
	guest := int64(8001)     // a guest (of tenant 2)
	if seedmodel.TenantOf(auditor) != seedmodel.TenantOf(owner) || seedmodel.RoleOf(auditor) != "auditor" ||
		seedmodel.RoleOf(guest) != "guest" {
		t.Fatal("seed model changed: pick other users")
	}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone,
		jwt.MapClaims{"sub": fmt.Sprint(owner), "tenant": 1, "role": "customer", "exp": exp}).
		SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	noneAlg := "Bearer " + none
	longSKU := strings.Repeat("S", 33)
	bigBody := `{"currency":"EUR","items":[` + strings.Repeat(`{"sku":"A","quantity":1,"price_cents":1},`, 2000) +
		`{"sku":"A","quantity":1,"price_cents":1}]}`
	valid := `{"currency":"EUR","items":[{"sku":"SKU-0001","quantity":2,"price_cents":150},{"sku":"SKU-0002","quantity":1,"price_cents":999}]}`
	created := fmt.Sprintf("/orders/%d", seedmodel.Orders+1)
	list := fmt.Sprintf("/orders?user=%d", owner)

	return []step{
		{"healthz", "GET", "/healthz", "", "", 200},
		{"no token", "GET", "/orders/1", "", "", 401},
		{"not bearer", "GET", "/orders/1", "Basic b3JkZXJzOm9yZGVycw==", "", 401},
		{"garbage token", "GET", "/orders/1", "Bearer not.a.jwt", "", 401},
		{"empty bearer", "GET", "/orders/1", "Bearer ", "", 401},
		{"wrong secret", "GET", "/orders/1", bearer(t, jwt.MapClaims{"sub": fmt.Sprint(owner), "tenant": 1, "role": "customer", "exp": exp}, "wrong"), "", 401},
		{"expired", "GET", "/orders/1", bearer(t, jwt.MapClaims{"sub": fmt.Sprint(owner), "tenant": 1, "role": "customer", "exp": time.Now().Add(-time.Hour).Unix()}, secret), "", 401},
		{"no exp", "GET", "/orders/1", bearer(t, jwt.MapClaims{"sub": fmt.Sprint(owner), "tenant": 1, "role": "customer"}, secret), "", 401},
		{"alg none", "GET", "/orders/1", noneAlg, "", 401},
		{"sub not a number", "GET", "/orders/1", bearer(t, jwt.MapClaims{"sub": "alice", "tenant": 1, "role": "customer", "exp": exp}, secret), "", 401},
		{"no role", "GET", "/orders/1", bearer(t, jwt.MapClaims{"sub": "5", "tenant": 1, "exp": exp}, secret), "", 401},
		{"get own order", "GET", "/orders/1", user(owner), "", 200},
		{"get own order again (cached permission)", "GET", "/orders/1", user(owner), "", 200},
		{"get order of other tenant", "GET", "/orders/1", user(otherTenant), "", 404},
		{"auditor same tenant", "GET", "/orders/1", user(auditor), "", 200},
		{"guest forbidden", "GET", "/orders/1", user(guest), "", 403},
		{"missing order", "GET", "/orders/999999", user(owner), "", 404},
		{"non-numeric id", "GET", "/orders/abc", user(owner), "", 400},
		{"negative id", "GET", "/orders/-5", user(owner), "", 400},
		{"id overflow", "GET", "/orders/99999999999999999999", user(owner), "", 400},
		{"list default limit", "GET", list, user(owner), "", 200},
		{"list limit 3", "GET", list + "&limit=3", user(owner), "", 200},
		{"list by auditor", "GET", list + "&limit=2", user(auditor), "", 200},
		{"list other tenant is empty", "GET", list, user(otherTenant), "", 200},
		{"list unknown user", "GET", "/orders?user=999999", user(owner), "", 200},
		{"list missing user", "GET", "/orders", user(owner), "", 400},
		{"list bad user", "GET", "/orders?user=abc", user(owner), "", 400},
		{"list limit 0", "GET", list + "&limit=0", user(owner), "", 400},
		{"list limit 101", "GET", list + "&limit=101", user(owner), "", 400},
		{"list limit text", "GET", list + "&limit=ten", user(owner), "", 400},
		{"list guest", "GET", list, user(guest), "", 403},
		{"create", "POST", "/orders", user(owner), valid, 201},
		{"get created", "GET", created, user(owner), "", 200},
		{"list shows created", "GET", list + "&limit=2", user(owner), "", 200},
		{"create malformed json", "POST", "/orders", user(owner), `{"currency":`, 400},
		{"create empty body", "POST", "/orders", user(owner), "", 400},
		{"create wrong types", "POST", "/orders", user(owner), `{"currency":"EUR","items":"many"}`, 400},
		{"create fractional quantity", "POST", "/orders", user(owner), `{"currency":"EUR","items":[{"sku":"A","quantity":1.5,"price_cents":1}]}`, 400},
		{"create body too large", "POST", "/orders", user(owner), bigBody, 400},
		{"create unsupported currency", "POST", "/orders", user(owner), `{"currency":"XYZ","items":[{"sku":"A","quantity":1,"price_cents":1}]}`, 422},
		{"create no items", "POST", "/orders", user(owner), `{"currency":"EUR","items":[]}`, 422},
		{"create zero quantity", "POST", "/orders", user(owner), `{"currency":"EUR","items":[{"sku":"A","quantity":0,"price_cents":1}]}`, 422},
		{"create price too high", "POST", "/orders", user(owner), `{"currency":"EUR","items":[{"sku":"A","quantity":1,"price_cents":10000001}]}`, 422},
		{"create sku too long", "POST", "/orders", user(owner), `{"currency":"EUR","items":[{"sku":"` + longSKU + `","quantity":1,"price_cents":1}]}`, 422},
		{"create by auditor", "POST", "/orders", user(auditor), valid, 403},
		{"create by guest, malformed body", "POST", "/orders", user(guest), `{`, 400},
		{"create without token", "POST", "/orders", "", valid, 401},
		{"second create", "POST", "/orders", user(otherTenant), valid, 201},
		{"method not allowed", "DELETE", "/orders/1", user(owner), "", 405},
		{"unknown route", "GET", "/nope", user(owner), "", 404},
	}
}

// createdAt matches a created_at timestamp; only those written during the test are masked.
var createdAt = regexp.MustCompile(`"created_at":"([^"]+)"`)

// maskNew replaces created_at values set by the server during this test (now() at insert time, which
// necessarily differs between the two runs) with a placeholder, after checking they lie in the test's
// time window. Seed timestamps (2025) are compared as they are.
func maskNew(t *testing.T, body string, since time.Time) string {
	return createdAt.ReplaceAllStringFunc(body, func(m string) string {
		ts, err := time.Parse(time.RFC3339Nano, createdAt.FindStringSubmatch(m)[1])
		if err != nil {
			t.Errorf("bad created_at %s", m)
			return m
		}
		if ts.Before(since.Add(-time.Minute)) {
			return m
		}
		if ts.After(time.Now().Add(time.Minute)) {
			t.Errorf("created_at %s is in the future", m)
		}
		return `"created_at":"<set by server during test>"`
	})
}

func TestLayeredAndFlatAgree(t *testing.T) {
	root := moduleRoot(t)
	pg, rd := databases(t, root)
	bin := t.TempDir()
	layered := service(t, root, bin, "orders-layered", pg, rd)
	flat := service(t, root, bin, "orders-flat", pg, rd)
	steps := script(t)

	since := time.Now()
	resetState(t, pg, rd)
	fromLayered := play(t, layered, steps)
	resetState(t, pg, rd)
	fromFlat := play(t, flat, steps)
	resetState(t, pg, rd)

	for i, s := range steps {
		l, f := fromLayered[i], fromFlat[i]
		if l.status != s.want {
			t.Errorf("%s: layered answered %d, want %d: %s", s.name, l.status, s.want, l.body)
		}
		if l.status >= 500 || f.status >= 500 {
			t.Errorf("%s: server error: layered %d, flat %d", s.name, l.status, f.status)
		}
		if s.path != "/nope" && s.method != "DELETE" {
			if l.contentType != "application/json" {
				t.Errorf("%s: Content-Type %q, want application/json", s.name, l.contentType)
			}
			if l.status >= 400 && !strings.HasPrefix(l.body, `{"error":"`) {
				t.Errorf("%s: error body is not a JSON error: %s", s.name, l.body)
			}
		}
		lb, fb := maskNew(t, l.body, since), maskNew(t, f.body, since)
		if l.status != f.status || l.contentType != f.contentType || lb != fb {
			t.Errorf("%s: answers differ\nlayered: %d %s %s\nflat:    %d %s %s", s.name,
				l.status, l.contentType, l.body, f.status, f.contentType, f.body)
		}
	}
	t.Logf("%d requests, both services answered identically", len(steps))
}
