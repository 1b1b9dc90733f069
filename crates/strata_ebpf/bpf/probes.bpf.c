// SPDX-License-Identifier: GPL-2.0 OR MIT
// strata's BPF programs: uprobes on Go functions (entry at the emulated PUSH RBP, returns at every
// RET; never uretprobes) and tracepoints. They only read; every record goes to one ring buffer, and a
// full buffer increments `drops[kind]` instead of blocking. Records are submitted with
// BPF_RB_NO_WAKEUP: user space drains the buffer on a timer and never waits on it, and a wake-up is
// an irq_work self-IPI (an APIC MSR write: a VM exit in a guest) charged to the probed thread. Built by bpf/build.sh with clang-14; the
// object is committed (src/probes.bpf.o) and CI checks it is reproducible.
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "strata_events.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* x86-64 struct pt_regs (arch/x86/include/uapi/asm/ptrace.h without __KERNEL__ names). */
struct regs {
	__u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

const volatile struct strata_config cfg = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22); /* 4 MiB */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STRATA_EV_KIND_MAX);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Counters that need no event (STRATA_CNT_*): TCP active opens by the target; started requests found
 * still open when their goroutine key was reused; request ends seen with no start; socket start:
 * requests without a response, connections that were not plaintext HTTP/1. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STRATA_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* inflight.state */
#define INF_STARTED 1 /* start_ns is the request's start */
#define INF_ARMED 2   /* recv start: the goroutine's next read of its connection starts a request */
#define INF_WAIT 3    /* recv start: not armed (finishRequest may still read an unread request body) */
#define INF_PANICKED 4 /* started, and its goroutine entered runtime.gopanic (recv start) */

/* A request in flight: started, possibly panicking (a panic the handler recovers still ends). */
static __always_inline int started(__u32 state)
{
	return state == INF_STARTED || state == INF_PANICKED;
}

/* user space reads this as five u64 (Session::unended): keep the layout. */
struct inflight {
	__u64 start_ns;
	__u64 req;
	__u64 depth;
	__u64 sk;      /* recv start: the connection's socket once known (0: any) */
	__u32 state;   /* INF_* */
	__u32 kind;    /* STRATA_HTTP_ENTER_* of the start (what req points to) */
};

/* goroutine key → request in flight (or, with the recv start, armed for the next one). LRU: a
 * request whose end is never seen (a hijacked connection in --end finish mode) or an idle connection
 * cannot fill it up. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct inflight);
} requests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[128]);
} stack_scratch SEC(".maps");

static __always_inline void count_drop(__u32 kind)
{
	__u64 *d = bpf_map_lookup_elem(&drops, &kind);
	if (d)
		__sync_fetch_and_add(d, 1);
}

static __always_inline void count(__u32 k)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &k);
	if (c)
		__sync_fetch_and_add(c, 1);
}

/* The goroutine key. Reading goid from g costs a bpf_probe_read_user (~0.3 µs per call measured on
 * this machine); the default probes only pair a request's entry with its end on the same goroutine,
 * for which g's address is as good while the goroutine lives, so user space sets KEY_BY_G unless an
 * opt-in group (layers, park, count) needs ids that outlive a reused g. */
/* Whether the current process is not the target. Unless another process ran the target's executable
 * when strata attached, the uprobes fire for every process that runs it (they are not bound to the
 * target's pid: a pid-bound perf event makes the kernel switch it at every context switch of the
 * target's main thread, ~1.5 us plus ~0.3 us per probe per switch on the development machine), so
 * each uprobe program starts here, as the tracepoint programs do. */
static __always_inline int other_process(void)
{
	return (__u32)(bpf_get_current_pid_tgid() >> 32) != cfg.tgid;
}

static __always_inline __u64 goid_of(__u64 g)
{
	if (cfg.flags & STRATA_CFG_KEY_BY_G)
		return g;
	__u64 id = 0;
	if (g)
		bpf_probe_read_user(&id, sizeof(id), (void *)(g + cfg.goid_off));
	return id;
}

static __always_inline void fill(struct strata_event *h, __u32 kind, __u64 goid)
{
	h->kind = kind;
	h->site = 0;
	h->ts_ns = bpf_ktime_get_ns();
	h->goid = goid;
	h->arg0 = 0;
	h->arg1 = 0;
	h->tid = (__u32)bpf_get_current_pid_tgid();
	h->aux = 0;
}

/* The route of a request from a Go string {ptr, len}: a string literal in the binary's .rodata (a
 * ServeMux pattern registered as a literal) is sent as its address, which user space reads from the
 * file — one user-memory read less; anything else is copied. */
static __always_inline void set_route(struct strata_request_event *e, __u64 ptr, __u64 len)
{
	if (len > STRATA_ROUTE_LEN)
		len = STRATA_ROUTE_LEN;
	e->h.aux = (__u32)len;
	e->route_addr = 0;
	if (len == 0 || ptr == 0)
		return;
	if (ptr >= cfg.ro_lo && ptr < cfg.ro_hi) {
		e->route_addr = ptr;
		return;
	}
	bpf_probe_read_user(e->route, len & (STRATA_ROUTE_LEN - 1 + STRATA_ROUTE_LEN), (void *)ptr);
}

/* Route of a net/http.Request (Request.Pattern, Go 1.23+, else Request.URL.Path) with one read of the
 * window of the struct that holds URL, ContentLength and Pattern; returns ContentLength (-1: unknown
 * length, chunked). With e == 0 only ContentLength is read. */
static __always_inline __s64 request_route(struct strata_request_event *e, __u64 req)
{
	__u64 win[32];
	__u32 n = cfg.win_len;
	if (n > sizeof(win))
		n = sizeof(win);
	if (bpf_probe_read_user(win, n & 0x1f8, (void *)(req + cfg.win_off)) != 0)
		return -1;
	__s64 cl = (__s64)win[cfg.win_cl & 31];
	if (!e)
		return cl;
	__u64 ptr = 0, len = 0;
	if (cfg.pattern_off) {
		ptr = win[cfg.win_pattern & 31];
		len = win[(cfg.win_pattern + 1) & 31];
	}
	if (len == 0) {
		__u64 url = win[cfg.win_url & 31];
		__u64 str[2] = { 0, 0 };
		if (url)
			bpf_probe_read_user(str, sizeof(str), (void *)(url + cfg.path_off));
		ptr = str[0];
		len = str[1];
	}
	set_route(e, ptr, len);
	return cl;
}

/* Route of an HTTP/2 net/http/internal/http2.ServerRequest (Go 1.27+): URL.Path. */
static __always_inline void server_request_route(struct strata_request_event *e, __u64 sreq)
{
	__u64 url = 0;
	__u64 str[2] = { 0, 0 };
	bpf_probe_read_user(&url, sizeof(url), (void *)(sreq + cfg.h2req_url_off));
	if (url)
		bpf_probe_read_user(str, sizeof(str), (void *)(url + cfg.path_off));
	set_route(e, str[0], str[1]);
}

/* Route of a gRPC-Go call: the stream's method string ("/package.Service/Method"), when its offset
 * is known (DWARF). */
static __always_inline void grpc_route(struct strata_request_event *e, __u64 stream)
{
	__u64 str[2] = { 0, 0 };
	if (cfg.grpc_method_off)
		bpf_probe_read_user(str, sizeof(str), (void *)(stream + cfg.grpc_method_off));
	set_route(e, str[0], str[1]);
}

/* Request start at an entry probe: net/http.serverHandler.ServeHTTP (args: RAX sh, RBX/RCX rw, RDI
 * req; cookie STRATA_HTTP_ENTER_SERVE), or, with the recv start, the HTTP/2 server's runHandler on
 * the handler goroutine (RAX sc, RBX rw, RCX req; STRATA_HTTP_ENTER_H2 / _H2_SREQ), or, with
 * --grpc, gRPC-Go's (*Server).handleStream (RAX s, RBX/RCX the transport, RDI the stream;
 * STRATA_HTTP_ENTER_GRPC). */
SEC("uprobe")
int http_enter(struct regs *ctx)
{
	if (other_process())
		return 0;
	__u64 goid = goid_of(ctx->r14);
	__u32 kind = (__u32)bpf_get_attach_cookie(ctx);
	/* Both loads, then a select: the verifier refuses a context access at a computed offset, which
	 * clang would otherwise make of `kind ? ctx->cx : ctx->di`. */
	__u64 di = ctx->di, cx = ctx->cx;
	asm volatile("" : "+r"(di), "+r"(cx));
	struct inflight v = {
		.start_ns = bpf_ktime_get_ns(),
		.req = kind == STRATA_HTTP_ENTER_SERVE || kind == STRATA_HTTP_ENTER_GRPC ? di : cx,
		.depth = 0,
		.sk = 0,
		.state = INF_STARTED,
		.kind = kind,
	};
	/* Opt-in (--stack-depth): unwinding the user stack is the costliest part of this program, and
	 * the depth at this entry is the same for every net/http request. cfg is constant after load,
	 * so the verifier drops the branch when the flag is off. */
	if (cfg.flags & STRATA_CFG_ENTRY_DEPTH) {
		__u32 zero = 0;
		__u64 *buf = bpf_map_lookup_elem(&stack_scratch, &zero);
		if (buf) {
			long n = bpf_get_stack(ctx, buf, 128 * sizeof(__u64), BPF_F_USER_STACK);
			if (n > 0)
				v.depth = n / sizeof(__u64);
		}
	}
	/* A started request still here never saw its end (hijacked, panicked): the goroutine (or, keyed
	 * by g, a goroutine reusing its g) now serves another request. Count it as unended. */
	struct inflight *old = bpf_map_lookup_elem(&requests, &goid);
	if (old && started(old->state))
		count(STRATA_CNT_OVERWRITTEN);
	if (bpf_map_update_elem(&requests, &goid, &v, BPF_ANY) != 0)
		count_drop(STRATA_EV_REQUEST);
	return 0;
}

/* Recv start, per connection and rare events (cookie):
 * - STRATA_HTTP_ARM, entry of net/http.(*conn).serve: the connection's first request starts at the
 *   goroutine's first read of it;
 * - STRATA_HTTP_DISARM, entry of the HTTP/2 server's serve, which (*conn).serve calls on the same
 *   goroutine for an HTTP/2 connection: what was read so far was the preface or TLS handshake;
 * - STRATA_HTTP_CONN_CLOSE, entry of net/http.(*conn).close, which (*conn).serve's deferred function
 *   calls when the connection ends (not when it was hijacked): a request still "started" there was
 *   no request — a TLS close_notify alert or a failed handshake is data at the socket level, and so
 *   is a request net/http could not parse — unless its handler panicked; the entry goes;
 * - STRATA_HTTP_PANIC, entry of runtime.gopanic (any goroutine): marks a started request as
 *   panicking, so that the connection's end keeps it (counted as unended, like a hijacked one). */
SEC("uprobe")
int http_arm(struct regs *ctx)
{
	if (other_process())
		return 0;
	__u64 goid = goid_of(ctx->r14);
	__u64 cookie = bpf_get_attach_cookie(ctx);
	struct inflight *old = bpf_map_lookup_elem(&requests, &goid);
	if (cookie == STRATA_HTTP_PANIC) {
		if (old && old->state == INF_STARTED)
			old->state = INF_PANICKED;
		return 0;
	}
	if (cookie == STRATA_HTTP_DISARM || cookie == STRATA_HTTP_CONN_CLOSE) {
		if (old && old->state != INF_PANICKED)
			bpf_map_delete_elem(&requests, &goid);
		return 0;
	}
	if (old && started(old->state))
		count(STRATA_CNT_OVERWRITTEN);
	struct inflight v = { .state = INF_ARMED };
	if (bpf_map_update_elem(&requests, &goid, &v, BPF_ANY) != 0)
		count_drop(STRATA_EV_REQUEST);
	return 0;
}

/* Recv start: every socket read on the host reaches the sock_recv_length tracepoint (at the end of
 * sock_recvmsg, TP_PROTO(struct sock *sk, int ret, int flags)), attached as a raw tracepoint: the
 * program gets the arguments as they are, without the perf trace-event record a classic tracepoint
 * fills first for every read (and it needs no tracefs). The target's reads are picked out first. A
 * read with data by an armed goroutine (g = the user R14 saved at the syscall, from the task's
 * pt_regs) on its connection starts its next request. EAGAIN reads (ret < 0) and MSG_PEEK leave it
 * armed; end of file (ret 0) disarms it. */
static __always_inline int recv_start(__u64 sk, int ret, int flags)
{
	if (other_process())
		return 0;
	if (ret < 0 || (flags & 2 /* MSG_PEEK */))
		return 0;
	struct task_struct *task = bpf_get_current_task_btf();
	struct regs *uregs = (struct regs *)bpf_task_pt_regs(task);
	if (!uregs)
		return 0;
	__u64 goid = goid_of(uregs->r14);
	struct inflight *v = bpf_map_lookup_elem(&requests, &goid);
	if (!v || v->state != INF_ARMED)
		return 0;
	if (v->sk && v->sk != sk)
		return 0;
	if (ret == 0) {
		bpf_map_delete_elem(&requests, &goid);
		return 0;
	}
	v->start_ns = bpf_ktime_get_ns();
	v->sk = sk;
	v->state = INF_STARTED;
	return 0;
}

SEC("raw_tracepoint/sock_recv_length")
int http_recv(struct bpf_raw_tracepoint_args *ctx)
{
	return recv_start(ctx->args[0], (int)ctx->args[1], (int)ctx->args[2]);
}

/* The same as a classic tracepoint (sock:sock_recv_length; layout from its tracefs format file):
 * only for the overhead benchmark's comparison (STRATA_EBPF_RECV_TP=classic). */
struct sock_recv_length_args {
	__u64 common;
	__u64 sk;
	__u16 family;
	__u16 protocol;
	__s32 ret;
	__s32 flags;
};

SEC("tracepoint/sock/sock_recv_length")
int http_recv_tp(struct sock_recv_length_args *ctx)
{
	return recv_start(ctx->sk, ctx->ret, ctx->flags);
}

/* ---- Socket start (--start socket): no uprobe on the HTTP/1 path at all. ----
 * A request is timed at the socket of its connection: it starts at the first read that returns its
 * bytes (sock_recv_length) and ends at the last write on that socket (sock_send_length) before the
 * connection's next request starts, it reaches end of file, or it leaves ESTABLISHED
 * (inet_sock_set_state). Only server connections count: sockets whose local port is one the target
 * listens on (map `ports`, kept current by user space). The route is the request line, copied from
 * the read syscall's buffer (RSI in the user registers saved at the syscall) and parsed in user
 * space. Requests are keyed by connection, not goroutine: HTTP/1 serves one request at a time per
 * connection, and the background read net/http does while a handler runs is the same socket. */

/* struct sock starts with struct sock_common, whose skc_num (the local port, host order) has been at
 * byte 14 since Linux 2.6 (skc_daddr, skc_rcv_saddr, skc_hash, skc_dport, skc_num); a test checks
 * it against the running kernel's BTF. */
#define SKC_NUM_OFF 14

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct strata_conn);
} conns SEC(".maps");

#define W4(a, b, c, d) ((__u32)(a) | (__u32)(b) << 8 | (__u32)(c) << 16 | (__u32)(d) << 24)

/* The first four bytes of an HTTP/1 request line (the methods net/http and clients send). */
static __always_inline int request_line_start(__u32 w)
{
	return w == W4('G', 'E', 'T', ' ') || w == W4('P', 'O', 'S', 'T') || w == W4('P', 'U', 'T', ' ') ||
	       w == W4('D', 'E', 'L', 'E') || w == W4('H', 'E', 'A', 'D') || w == W4('P', 'A', 'T', 'C') ||
	       w == W4('O', 'P', 'T', 'I') || w == W4('C', 'O', 'N', 'N') || w == W4('T', 'R', 'A', 'C');
}

/* A TLS record header: content type change_cipher_spec (20), alert (21), handshake (22) or
 * application data (23), then protocol version 3.x with x <= 4 (SSL 3.0 to TLS 1.3). A connection
 * that began after strata attached shows its handshake first; one that was already open, its
 * application-data records. No HTTP/1 request line starts with these bytes. */
static __always_inline int tls_record(const char *b)
{
	return b[0] >= 0x14 && b[0] <= 0x17 && b[1] == 3 && (__u8)b[2] <= 4;
}

/* The request in flight on a connection ended at its last write: one record. */
static __always_inline void conn_emit(struct strata_conn *c, __u64 sk)
{
	struct strata_request_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop(STRATA_EV_REQUEST);
		return;
	}
	fill(&e->h, STRATA_EV_REQUEST, sk);
	e->h.site = STRATA_REQ_LINE;
	e->h.ts_ns = c->last_send_ns;
	e->h.arg0 = c->start_ns;
	e->h.aux = c->route_len;
	e->route_addr = 0;
	__builtin_memcpy(e->route, c->route, STRATA_ROUTE_LEN);
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
}

static __always_inline int sock_read(__u64 sk, int ret, int flags)
{
	if (other_process())
		return 0;
	if (ret < 0 || (flags & 2 /* MSG_PEEK */))
		return 0;
	struct strata_conn *c = bpf_map_lookup_elem(&conns, &sk);
	if (!c) {
		__u16 port = 0;
		bpf_probe_read_kernel(&port, sizeof(port), (void *)(sk + SKC_NUM_OFF));
		__u32 key = port;
		if (!bpf_map_lookup_elem(&ports, &key))
			return 0;
		struct strata_conn fresh = { .state = STRATA_CONN_IDLE };
		bpf_map_update_elem(&conns, &sk, &fresh, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&conns, &sk);
		if (!c)
			return 0;
	}
	__u32 state = c->state;
	if (state == STRATA_CONN_OTHER)
		/* TLS: timed by the recv start (goroutine-keyed, ended at finishRequest), whose uprobes
		 * user space attaches when the first such connection appears. */
		return recv_start(sk, ret, flags);
	if (ret == 0) { /* end of file: the client closed */
		if (state == STRATA_CONN_SENT)
			conn_emit(c, sk);
		c->state = STRATA_CONN_IDLE;
		return 0;
	}
	struct task_struct *task = bpf_get_current_task_btf();
	struct regs *uregs = (struct regs *)bpf_task_pt_regs(task);
	if (!uregs)
		return 0;
	__u64 buf = uregs->si; /* read(2)'s buffer: where these bytes are */
	if (state == STRATA_CONN_READING) {
		/* The rest of the request. If its first read was the one byte net/http's background read
		 * takes, the request line continues here. */
		__u64 have = c->route_len;
		if (have > 0 && have < 8) {
			/* Keep the mask: the verifier needs the offset bounded where it is used. */
			asm volatile("" : "+r"(have));
			have &= 7;
			if (bpf_probe_read_user(c->route + have, STRATA_ROUTE_LEN - 8, (void *)buf) == 0)
				c->route_len = have + (ret < STRATA_ROUTE_LEN - 8 ? ret : STRATA_ROUTE_LEN - 8);
		}
		return 0;
	}
	/* IDLE or SENT: these bytes may start the next request. One read of the user buffer serves
	 * both the request-line check and the route (64 bytes; a read ending closer than that to an
	 * unmapped page falls back to the first 4). */
	char line[STRATA_ROUTE_LEN];
	if (bpf_probe_read_user(line, sizeof(line), (void *)buf) != 0) {
		__builtin_memset(line, 0, sizeof(line));
		if (bpf_probe_read_user(line, 4, (void *)buf) != 0)
			return 0;
	}
	__u32 w = W4(line[0], line[1], line[2], line[3]);
	if (ret >= 4 && !request_line_start(w)) {
		/* Not a request line after a response: a request body after "100 Continue", the rest
		 * of a body the handler did not read (net/http discards it after the response), or
		 * client bytes on a hijacked connection. The request's end stays its last write. */
		if (state == STRATA_CONN_SENT)
			return 0;
		int tls = tls_record(line);
		if (tls || w == W4('P', 'R', 'I', ' ') /* h2 preface */) {
			c->state = STRATA_CONN_OTHER;
			count(STRATA_CNT_NOT_HTTP1);
			if (tls)
				count(STRATA_CNT_TLS);
			/* As with --start recv, a TLS connection's first request starts at the handshake
			 * (one open before strata attached: at the first read after its goroutine is
			 * armed by the end of a request). */
			return recv_start(sk, ret, flags);
		}
		/* Otherwise attached in the middle of a request: wait for the next request line. */
		return 0;
	}
	if (state == STRATA_CONN_SENT)
		conn_emit(c, sk);
	c->start_ns = bpf_ktime_get_ns();
	c->last_send_ns = 0;
	c->state = STRATA_CONN_READING;
	__builtin_memcpy(c->route, line, STRATA_ROUTE_LEN);
	c->route_len = ret < STRATA_ROUTE_LEN ? ret : STRATA_ROUTE_LEN;
	return 0;
}

SEC("raw_tracepoint/sock_recv_length")
int sock_recv(struct bpf_raw_tracepoint_args *ctx)
{
	return sock_read(ctx->args[0], (int)ctx->args[1], (int)ctx->args[2]);
}

/* sock_send_length, TP_PROTO(struct sock *sk, int ret, int flags), at the end of sock_sendmsg. */
SEC("raw_tracepoint/sock_send_length")
int sock_send(struct bpf_raw_tracepoint_args *ctx)
{
	if (other_process())
		return 0;
	if ((int)ctx->args[1] <= 0)
		return 0;
	__u64 sk = ctx->args[0];
	struct strata_conn *c = bpf_map_lookup_elem(&conns, &sk);
	if (!c || (c->state != STRATA_CONN_READING && c->state != STRATA_CONN_SENT))
		return 0;
	c->last_send_ns = bpf_ktime_get_ns();
	c->state = STRATA_CONN_SENT;
	return 0;
}

/* inet_sock_set_state, TP_PROTO(const struct sock *sk, const int oldstate, const int newstate), for
 * every TCP state change on the host (in softirq context for the peer's FIN): a server connection
 * leaving ESTABLISHED ends the request it answered; at TCP_CLOSE its entry goes, and a request that
 * was read but never answered is counted. */
SEC("raw_tracepoint/inet_sock_set_state")
int sock_state(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 sk = ctx->args[0];
	int newstate = (int)ctx->args[2];
	if (newstate == 1 /* TCP_ESTABLISHED */)
		return 0;
	struct strata_conn *c = bpf_map_lookup_elem(&conns, &sk);
	if (!c)
		return 0;
	if (c->state == STRATA_CONN_SENT) {
		conn_emit(c, sk);
		c->state = STRATA_CONN_IDLE;
	}
	if (newstate == 7 /* TCP_CLOSE */) {
		if (c->state == STRATA_CONN_READING)
			count(STRATA_CNT_NO_RESPONSE);
		bpf_map_delete_elem(&conns, &sk);
	}
	return 0;
}

/* Whether finishRequest will read nothing more from the connection: the request had no body, or
 * its body (an *io.LimitedReader of ContentLength bytes) was consumed (N == 0). Otherwise
 * finishRequest discards the unread body (reads after this probe), which must not start the next
 * request: the goroutine waits unarmed, and that request's end is counted as unstarted. */
static __always_inline int nothing_left_to_read(__u64 w, __s64 cl)
{
	if (cl == 0)
		return 1;
	if (cl < 0)
		return 0;
	__u64 body = 0, lr = 0;
	__s64 left = 1;
	bpf_probe_read_user(&body, sizeof(body), (void *)(w + cfg.resp_body_off + 8));
	if (body)
		bpf_probe_read_user(&lr, sizeof(lr), (void *)(body + cfg.body_src_off + 8));
	if (lr)
		bpf_probe_read_user(&left, sizeof(left), (void *)(lr + 16)); /* io.LimitedReader{R, N} */
	return left == 0;
}

/* Recv start, entry of net/http.(*response).finishRequest (RAX = *response): end the request that
 * the goroutine's first read started, and arm the goroutine for its connection's next request. */
static __always_inline int finish_and_arm(struct regs *ctx, __u64 goid)
{
	struct inflight *v = bpf_map_lookup_elem(&requests, &goid);
	__u64 w = ctx->ax;
	__u64 req = 0;
	bpf_probe_read_user(&req, sizeof(req), (void *)(w + cfg.resp_req_off));
	__s64 cl;
	if (v && started(v->state)) {
		struct strata_request_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (e) {
			fill(&e->h, STRATA_EV_REQUEST, goid);
			e->h.arg0 = v->start_ns;
			cl = request_route(e, req);
			bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
		} else {
			count_drop(STRATA_EV_REQUEST);
			cl = request_route(0, req);
		}
	} else {
		/* Ended with no start seen: its bytes were already buffered (pipelining), or the goroutine
		 * waited unarmed. Counted, not timed. No entry at all: the connection predates the recording
		 * (or the LRU evicted it) — neither counted nor timed, like an end without entry before. */
		if (v && v->sk) /* sk 0: never started on any socket — with the socket start, a plain
				 * HTTP/1 connection's goroutine (timed at the socket instead) */
			count(STRATA_CNT_UNSTARTED);
		cl = request_route(0, req);
	}
	__u32 next = nothing_left_to_read(w, cl) ? INF_ARMED : INF_WAIT;
	if (v) {
		v->start_ns = 0;
		v->state = next;
	} else {
		struct inflight a = { .state = next };
		bpf_map_update_elem(&requests, &goid, &a, BPF_ANY);
	}
	return 0;
}

/* Request end. STRATA_HTTP_END: with --grpc, the entry of gRPC-Go's (*http2Server).writeStatus,
 * which the call's goroutine reaches once its handler returned; every RET of
 * net/http.serverHandler.ServeHTTP (--end ret), or
 * (--end finish) the entry of net/http.(*response).finishRequest, which net/http.(*conn).serve calls
 * right after it (HTTP/1.x), and of the HTTP/2 server's responseWriter.handlerDone, which
 * runHandler's deferred function calls on the handler goroutine right after it (HTTP/2).
 * STRATA_HTTP_END_FINISH_ARM: finishRequest with the recv start (finish_and_arm). */
SEC("uprobe")
int http_ret(struct regs *ctx)
{
	if (other_process())
		return 0;
	__u64 goid = goid_of(ctx->r14);
	if (bpf_get_attach_cookie(ctx) == STRATA_HTTP_END_FINISH_ARM)
		return finish_and_arm(ctx, goid);
	struct inflight *v = bpf_map_lookup_elem(&requests, &goid);
	if (!v || !started(v->state))
		return 0;
	struct strata_request_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop(STRATA_EV_REQUEST);
		bpf_map_delete_elem(&requests, &goid);
		return 0;
	}
	fill(&e->h, STRATA_EV_REQUEST, goid);
	e->h.arg0 = v->start_ns;
	e->h.arg1 = v->depth;
	__u64 req = v->req;
	__u32 kind = v->kind;
	bpf_map_delete_elem(&requests, &goid);
	if (kind == STRATA_HTTP_ENTER_H2_SREQ)
		server_request_route(e, req);
	else if (kind == STRATA_HTTP_ENTER_GRPC)
		grpc_route(e, req);
	else
		request_route(e, req);
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}

/* A cookie-tagged site: layer function enter/return, --count symbol, GC/STW runtime functions,
 * gopark return. arg0 = RAX (first integer argument at entry). */
SEC("uprobe")
int site(struct regs *ctx)
{
	if (other_process())
		return 0;
	__u64 cookie = bpf_get_attach_cookie(ctx);
	struct strata_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop(STRATA_EV_SITE);
		return 0;
	}
	fill(e, STRATA_EV_SITE, goid_of(ctx->r14));
	e->site = (__u32)(cookie >> 32);
	e->aux = (__u32)cookie;
	e->arg0 = ctx->ax;
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}

/* runtime.gopark(unlockf, lock, reason waitReason, traceReason, traceskip): reason in CL. */
SEC("uprobe")
int park(struct regs *ctx)
{
	if (other_process())
		return 0;
	struct strata_stack_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop(STRATA_EV_PARK);
		return 0;
	}
	fill(&e->h, STRATA_EV_PARK, goid_of(ctx->r14));
	e->h.arg0 = ctx->cx & 0xff;
	long n = bpf_get_stack(ctx, e->pcs, sizeof(e->pcs), BPF_F_USER_STACK);
	e->h.aux = n > 0 ? (__u32)(n / sizeof(__u64)) : 0;
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}

/* include/trace/events/sock.h inet_sock_set_state (layout from its tracefs format file). */
struct inet_sock_set_state_args {
	__u64 common;
	__u64 skaddr;
	__s32 oldstate;
	__s32 newstate;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u16 protocol;
};

SEC("tracepoint/sock/inet_sock_set_state")
int tcp_state(struct inet_sock_set_state_args *ctx)
{
	if (ctx->protocol != 6 /* IPPROTO_TCP */)
		return 0;
	/* CLOSE → SYN_SENT happens inside connect(2), in the connecting thread's context: an active open
	 * by the target. (A syscalls:sys_enter_connect tracepoint would count it too, but enabling any
	 * syscall tracepoint sends every syscall of every process on the host through the slow path.) */
	if (ctx->oldstate == 7 /* TCP_CLOSE */ && ctx->newstate == 2 /* TCP_SYN_SENT */ &&
	    (__u32)(bpf_get_current_pid_tgid() >> 32) == cfg.tgid)
		count(STRATA_CNT_CONNECTS);
	struct strata_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_drop(STRATA_EV_TCP);
		return 0;
	}
	fill(e, STRATA_EV_TCP, 0);
	e->arg0 = ((__u64)(ctx->oldstate & 0xff) << 8) | (ctx->newstate & 0xff);
	e->arg1 = ((__u64)ctx->sport << 16) | ctx->dport;
	e->aux = ctx->family;
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}
