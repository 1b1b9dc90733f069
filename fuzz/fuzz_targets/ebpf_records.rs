//! Fuzz the decoders of what the BPF side hands user space — ring-buffer records, `conns` map values
//! (socket start) and the request-line routes parsed from them: bytes from the kernel and from the
//! target's socket reads are untrusted, so any bytes must give a value or `None`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = strata_ebpf::events::decode(data);
    let _ = strata_ebpf::events::decode_with(data, &|addr, len| Some(format!("{addr}:{len}")));
    let _ = strata_ebpf::events::is_socket_request(data);
    if let Some(c) = strata_ebpf::events::RawConn::from_bytes(data) {
        let _ = c.request(1);
    }
    let _ = strata_ebpf::route::of_request_line(data);
});
