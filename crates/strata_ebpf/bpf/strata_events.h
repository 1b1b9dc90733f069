/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* The one definition of the records strata's BPF programs send to user space through the ring
 * buffer. crates/strata_ebpf/src/events.rs mirrors these structs; its test `header_matches_rust`
 * parses this file and fails if a field's offset or size differs. Only fixed-width types. */
#ifndef STRATA_EVENTS_H
#define STRATA_EVENTS_H

#ifndef __u64
#include <linux/types.h>
#endif

/* event kinds (strata_event.kind) */
#define STRATA_EV_REQUEST 1   /* net/http request finished: strata_request_event */
#define STRATA_EV_SITE 2      /* a cookie-tagged uprobe site fired (layer enter/return, counter, GC) */
#define STRATA_EV_PARK 3      /* runtime.gopark entered: strata_stack_event, arg0 = wait reason */
#define STRATA_EV_TCP 4       /* sock:inet_sock_set_state: arg0 = old<<8|new, arg1 = sport<<16|dport */
#define STRATA_EV_KIND_MAX 5  /* size of the drops array */

/* site cookie: high 32 bits = STRATA_SITE_*, low 32 bits = id chosen by user space */
#define STRATA_SITE_LAYER_ENTER 1
#define STRATA_SITE_LAYER_RET 2
#define STRATA_SITE_COUNT 3
#define STRATA_SITE_STW_START 4
#define STRATA_SITE_STW_END 5
#define STRATA_SITE_GC_START 6
#define STRATA_SITE_PARK_END 7

#define STRATA_ROUTE_LEN 64
#define STRATA_STACK_DEPTH 32

/* Common header of every record: 48 bytes. */
struct strata_event {
	__u32 kind;   /* STRATA_EV_* */
	__u32 site;   /* STRATA_SITE_* for STRATA_EV_SITE, else 0 */
	__u64 ts_ns;  /* bpf_ktime_get_ns() */
	__u64 goid;   /* goroutine id read from g (R14) + goid offset, or with STRATA_CFG_KEY_BY_G the g
	               * pointer itself; 0 for kernel events */
	__u64 arg0;   /* kind-specific */
	__u64 arg1;   /* kind-specific */
	__u32 tid;    /* kernel thread id */
	__u32 aux;    /* site id (low half of the cookie) / route length / frame count */
};

/* STRATA_EV_REQUEST: arg0 = start ns, arg1 = user stack depth at entry, aux = route length. When
 * route_addr is not 0 the route was not copied: it is the aux bytes at that address of the binary's
 * .rodata (a string literal, e.g. a ServeMux pattern), which user space reads from the file. */
struct strata_request_event {
	struct strata_event h;
	__u64 route_addr;
	char route[STRATA_ROUTE_LEN];
};

/* strata_event.site of a STRATA_EV_REQUEST timed at the socket (the socket start): route holds the
 * first aux bytes the request's first read returned (its request line, parsed by user space), goid is
 * the connection's socket, arg1 = 0. */
#define STRATA_REQ_LINE 1

/* Socket start: one server connection of the target (map `conns`, keyed by its struct sock address).
 * User space reads it (the settle sweep, docs/record.md "Request start"). */
struct strata_conn {
	__u64 start_ns;      /* first read of the request in flight (or of the last one) */
	__u64 last_send_ns;  /* last write on the connection since then */
	__u32 state;         /* STRATA_CONN_* */
	__u32 route_len;     /* bytes of route */
	char route[STRATA_ROUTE_LEN];
};

/* strata_conn.state */
#define STRATA_CONN_IDLE 0    /* between requests (or attached mid-request: waiting for a request line) */
#define STRATA_CONN_READING 1 /* a request started; no response byte written yet */
#define STRATA_CONN_SENT 2    /* response bytes written: the request ends at the last write */
#define STRATA_CONN_OTHER 3   /* began with a TLS record or the HTTP/2 preface: not timed here */

/* STRATA_EV_PARK: aux = number of valid pcs (user stack, innermost first). */
struct strata_stack_event {
	struct strata_event h;
	__u64 pcs[STRATA_STACK_DEPTH];
};

/* Per-binary settings, written into .rodata by the loader before load. */
struct strata_config {
	__u32 goid_off;        /* offsetof(runtime.g, goid) */
	__u32 pattern_off;     /* offsetof(net/http.Request, Pattern), 0 when absent */
	__u32 url_off;         /* offsetof(net/http.Request, URL) */
	__u32 path_off;        /* offsetof(net/url.URL, Path) */
	__u32 tgid;            /* target process (tracepoint filter) */
	__u32 flags;           /* STRATA_CFG_* */
	__u32 resp_req_off;    /* offsetof(net/http.response, req) */
	__u32 resp_body_off;   /* offsetof(net/http.response, reqBody) */
	__u32 body_src_off;    /* offsetof(net/http.body, src) */
	__u32 h2req_url_off;   /* offsetof(net/http/internal/http2.ServerRequest, URL) (Go 1.27+) */
	__u32 win_off;         /* one read of net/http.Request covers [win_off, win_off + win_len) */
	__u32 win_len;         /* <= 256 */
	__u32 win_url;         /* word index of Request.URL in that window */
	__u32 win_cl;          /* word index of Request.ContentLength */
	__u32 win_pattern;     /* word index of Request.Pattern (when pattern_off != 0) */
	__u32 grpc_method_off; /* gRPC-Go: offset of the method string (Stream.method) in handleStream's stream, 0 unknown */
	__u64 ro_lo;           /* the binary's .rodata in the process: [ro_lo, ro_hi) */
	__u64 ro_hi;
};

/* strata_config.flags */
#define STRATA_CFG_ENTRY_DEPTH 1 /* bpf_get_stack at request entry (--stack-depth) */
#define STRATA_CFG_KEY_BY_G 2    /* key goroutines by their g pointer, not goid (no user-memory read) */

/* uprobe cookies of the request programs */
#define STRATA_HTTP_ENTER_SERVE 0     /* http_enter at serverHandler.ServeHTTP: *Request in RDI */
#define STRATA_HTTP_ENTER_H2 1        /* http_enter at HTTP/2 runHandler (Go <= 1.26): *Request in RCX */
#define STRATA_HTTP_ENTER_H2_SREQ 2   /* http_enter at HTTP/2 runHandler (Go 1.27+): *ServerRequest in RCX */
#define STRATA_HTTP_ENTER_GRPC 3      /* http_enter at gRPC-Go's (*Server).handleStream: the stream in RDI */
#define STRATA_HTTP_END 0             /* http_ret: end the request started on this goroutine */
#define STRATA_HTTP_END_FINISH_ARM 1  /* http_ret at finishRequest, recv start: end, then arm for the next */
#define STRATA_HTTP_ARM 0             /* http_arm at (*conn).serve: arm for the connection's first request */
#define STRATA_HTTP_DISARM 1          /* http_arm at the HTTP/2 server's serve: the connection is HTTP/2 */
#define STRATA_HTTP_CONN_CLOSE 2      /* http_arm at (*conn).close: the connection ended (not hijacked) */
#define STRATA_HTTP_PANIC 3           /* http_arm at runtime.gopanic: a started request is panicking */

/* counters map indices */
#define STRATA_CNT_CONNECTS 0   /* TCP active opens by the target */
#define STRATA_CNT_OVERWRITTEN 1 /* a started request found still open when its goroutine key was reused */
#define STRATA_CNT_UNSTARTED 2  /* request ends seen with no start (recv start: bytes already buffered) */
#define STRATA_CNT_NO_RESPONSE 3 /* socket start: a connection closed with a request read and nothing written */
#define STRATA_CNT_NOT_HTTP1 4  /* socket start: connections that began with TLS or the HTTP/2 preface */
#define STRATA_CNT_TLS 5        /* socket start: of those, the ones whose first bytes seen were a TLS record */
#define STRATA_CNT_MAX 8        /* size of the counters array */

#endif
