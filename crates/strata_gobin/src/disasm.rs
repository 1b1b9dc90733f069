//! Probe sites of a Go function, found by decoding its x86-64 machine code with `iced-x86`.
//!
//! - **Entry**: the `PUSH RBP` that follows Go's stack-bound check. The kernel emulates `PUSH`, so a
//!   uprobe there costs about a sixteenth of one at `+0` (a `CMP` the kernel must single-step; see
//!   docs/record.md). It also fires once per call: a stack-growth restart re-enters at `+0`, runs the
//!   check again and only then reaches the `PUSH`. Frameless functions have no `PUSH RBP`; their entry
//!   site is `+0` and is reported as single-stepped.
//! - **Returns**: every `RET`. uretprobes are never used on Go code (they rewrite the return address,
//!   and `runtime.copystack` then throws "unknown caller pc").
//!
//! Decoding is linear over `[entry, end)`; Go emits no data inside functions, and the inter-function
//! padding is `INT3`. An undecodable instruction fails closed: no site is returned.

use iced_x86::{Decoder, DecoderOptions, Mnemonic, OpKind, Register};

/// How the kernel runs the probed instruction after the breakpoint trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteCost {
    /// Emulated in the kernel (PUSH, CALL, JMP, Jcc, NOP): the cheap path.
    Emulated,
    /// Executed out of line with a single-step trap (everything else, including RET): the slow path.
    SingleStepped,
}

/// A probe site inside a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Site {
    /// Byte offset from the function entry.
    pub offset: u64,
    /// Expected cost class.
    pub cost: SiteCost,
}

/// Entry and return sites of one function.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProbeSites {
    /// Where to observe entry.
    pub entry: Site,
    /// Every `RET` instruction.
    pub rets: Vec<Site>,
    /// `JMP`s leaving the function (tail calls): a return through one is not seen by the RET sites.
    pub tail_jumps: usize,
    /// `CALL`s of the function itself (direct recursion): entry/RET probes there fire once per level.
    pub self_calls: usize,
}

/// Why decoding failed: offset inside the function and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Offset from the function entry.
    pub offset: u64,
    /// What is wrong.
    pub msg: String,
}

/// How many leading instructions may precede the frame-pointer push (stack check: up to
/// `LEAQ`/`CMPQ`/`JLS`, sometimes a `MOVQ` of a large frame size first).
const PROLOGUE_WINDOW: usize = 6;

/// Find the probe sites of the function whose code is `code`, loaded at virtual address `entry`.
pub fn probe_sites(code: &[u8], entry: u64) -> Result<ProbeSites, DecodeError> {
    let end = entry.saturating_add(code.len() as u64);
    let mut decoder = Decoder::with_ip(64, code, entry, DecoderOptions::NONE);
    let mut entry_site = None;
    let mut rets = Vec::new();
    let mut tail_jumps = 0;
    let mut self_calls = 0;
    let mut index = 0usize;
    while decoder.can_decode() {
        let insn = decoder.decode();
        let offset = insn.ip() - entry;
        if insn.is_invalid() {
            return Err(DecodeError { offset, msg: format!("invalid instruction ({:?})", decoder.last_error()) });
        }
        match insn.mnemonic() {
            Mnemonic::Push
                if entry_site.is_none()
                    && index < PROLOGUE_WINDOW
                    && insn.op0_kind() == OpKind::Register
                    && insn.op0_register() == Register::RBP =>
            {
                entry_site = Some(Site { offset, cost: SiteCost::Emulated });
            }
            Mnemonic::Ret => rets.push(Site { offset, cost: SiteCost::SingleStepped }),
            Mnemonic::Call if insn.op0_kind() == OpKind::NearBranch64 && insn.near_branch64() == entry => {
                self_calls += 1;
            }
            Mnemonic::Jmp if insn.op0_kind() == OpKind::NearBranch64 => {
                let target = insn.near_branch64();
                if target < entry || target >= end {
                    tail_jumps += 1;
                }
            }
            _ => {}
        }
        index += 1;
    }
    let entry = entry_site.unwrap_or(Site { offset: 0, cost: SiteCost::SingleStepped });
    Ok(ProbeSites { entry, rets, tail_jumps, self_calls })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_prologue_and_two_returns() {
        // cmp rsp,[r14+0x10]; jbe +0x0e; push rbp; mov rbp,rsp; sub rsp,8; xor eax,eax; add rsp,8;
        // pop rbp; ret; ret; call morestack_noctxt (rel32 0); jmp entry (rel8)
        let code = [
            0x49, 0x3b, 0x66, 0x10, // cmp rsp,[r14+0x10]
            0x76, 0x11, // jbe
            0x55, // push rbp   (+6)
            0x48, 0x89, 0xe5, // mov rbp,rsp
            0x48, 0x83, 0xec, 0x08, // sub rsp,8
            0x31, 0xc0, // xor eax,eax
            0x48, 0x83, 0xc4, 0x08, // add rsp,8
            0x5d, // pop rbp
            0xc3, // ret (+21)
            0xc3, // ret (+22)
            0xe8, 0, 0, 0, 0, // call
            0xeb, 0xe2, // jmp back to entry
        ];
        let s = probe_sites(&code, 0x1000).unwrap();
        assert_eq!(s.entry, Site { offset: 6, cost: SiteCost::Emulated });
        assert_eq!(s.rets.iter().map(|r| r.offset).collect::<Vec<_>>(), vec![21, 22]);
        assert_eq!(s.tail_jumps, 0);
        assert_eq!(s.self_calls, 0);
    }

    #[test]
    fn frameless_function_enters_at_zero() {
        let s = probe_sites(&[0x31, 0xc0, 0xc3], 0).unwrap();
        assert_eq!(s.entry, Site { offset: 0, cost: SiteCost::SingleStepped });
        assert_eq!(s.rets.len(), 1);
    }

    #[test]
    fn undecodable_code_fails_closed() {
        // 0x0f 0x0b is ud2 (valid); 0x06 (push es) is invalid in 64-bit mode.
        assert!(probe_sites(&[0x90, 0x06, 0xc3], 0).is_err());
    }
}
