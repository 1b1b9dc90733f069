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

/* Counters that need no event: index 0 = TCP active opens (connects) by the target; 1 = requests
 * whose entry was overwritten by a later request on the same key before their end was seen. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct inflight {
	__u64 start_ns;
	__u64 req;
	__u64 depth;
};

/* goroutine id → request in flight. LRU: a request whose end is never seen (a hijacked connection
 * in --end finish mode) cannot fill it up. */
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

/* The goroutine key. Reading goid from g costs a bpf_probe_read_user (~0.3 µs per call measured on
 * this machine); the default probes only pair a request's entry with its end on the same goroutine,
 * for which g's address is as good while the goroutine lives, so user space sets KEY_BY_G unless an
 * opt-in group (layers, park, count) needs ids that outlive a reused g. */
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

/* Entry of net/http.serverHandler.ServeHTTP (args: RAX sh, RBX/RCX rw, RDI req). */
SEC("uprobe")
int http_enter(struct regs *ctx)
{
	__u64 goid = goid_of(ctx->r14);
	struct inflight v = { .start_ns = bpf_ktime_get_ns(), .req = ctx->di, .depth = 0 };
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
	/* An entry still here never saw its end (hijacked, panicked): the goroutine (or, keyed by g, a
	 * goroutine reusing its g) now serves another request. Count it as unended. */
	if (bpf_map_lookup_elem(&requests, &goid)) {
		__u32 k = 1;
		__u64 *c = bpf_map_lookup_elem(&counters, &k);
		if (c)
			__sync_fetch_and_add(c, 1);
	}
	if (bpf_map_update_elem(&requests, &goid, &v, BPF_ANY) != 0)
		count_drop(STRATA_EV_REQUEST);
	return 0;
}

/* Every RET of net/http.serverHandler.ServeHTTP (--end ret), or (--end finish) the entry of
 * net/http.(*response).finishRequest, which net/http.(*conn).serve calls right after it (HTTP/1.x),
 * and of the HTTP/2 server's responseWriter.handlerDone, which runHandler's deferred function calls
 * on the handler goroutine right after it (HTTP/2). */
SEC("uprobe")
int http_ret(struct regs *ctx)
{
	__u64 goid = goid_of(ctx->r14);
	struct inflight *v = bpf_map_lookup_elem(&requests, &goid);
	if (!v)
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
	bpf_map_delete_elem(&requests, &goid);
	/* route: Request.Pattern (Go 1.23+) or Request.URL.Path; a Go string is {ptr, len}. */
	__u64 str[2] = { 0, 0 };
	if (cfg.pattern_off)
		bpf_probe_read_user(str, sizeof(str), (void *)(req + cfg.pattern_off));
	if (str[1] == 0) {
		__u64 url = 0;
		bpf_probe_read_user(&url, sizeof(url), (void *)(req + cfg.url_off));
		if (url)
			bpf_probe_read_user(str, sizeof(str), (void *)(url + cfg.path_off));
	}
	__u64 len = str[1];
	if (len > STRATA_ROUTE_LEN)
		len = STRATA_ROUTE_LEN;
	e->h.aux = (__u32)len;
	if (len > 0 && str[0])
		bpf_probe_read_user(e->route, len & (STRATA_ROUTE_LEN - 1 + STRATA_ROUTE_LEN), (void *)str[0]);
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}

/* A cookie-tagged site: layer function enter/return, --count symbol, GC/STW runtime functions,
 * gopark return. arg0 = RAX (first integer argument at entry). */
SEC("uprobe")
int site(struct regs *ctx)
{
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
	    (__u32)(bpf_get_current_pid_tgid() >> 32) == cfg.tgid) {
		__u32 k = 0;
		__u64 *c = bpf_map_lookup_elem(&counters, &k);
		if (c)
			__sync_fetch_and_add(c, 1);
	}
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
