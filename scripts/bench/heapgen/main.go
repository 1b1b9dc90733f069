// Command heapgen writes a large, real heap profile for scripts/bench/pprof.sh: every allocation is
// recorded (runtime.MemProfileRate = 1) and every allocation has its own call path (path i is the
// base-128 digits of i, each digit one of 128 distinct five-function chains f→g→h→i→j), so the profile
// has one sample per allocation: N samples, N distinct stacks, about 20 frames deep, 641 functions.
// The f/g/h/i/j functions are mechanical: K = 128 chains of five, each ending in step.
//
//	go run . -n 600000 -out heap.pb.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var table [128]func(path, depth int)

var sink [][]byte

func init() {
	table = [128]func(path, depth int){f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31, f32, f33, f34, f35, f36, f37, f38, f39, f40, f41, f42, f43, f44, f45, f46, f47, f48, f49, f50, f51, f52, f53, f54, f55, f56, f57, f58, f59, f60, f61, f62, f63, f64, f65, f66, f67, f68, f69, f70, f71, f72, f73, f74, f75, f76, f77, f78, f79, f80, f81, f82, f83, f84, f85, f86, f87, f88, f89, f90, f91, f92, f93, f94, f95, f96, f97, f98, f99, f100, f101, f102, f103, f104, f105, f106, f107, f108, f109, f110, f111, f112, f113, f114, f115, f116, f117, f118, f119, f120, f121, f122, f123, f124, f125, f126, f127}
}

// step descends one level of the call path, or allocates at the end of it.
//
//go:noinline
func step(path, depth int) {
	if depth == 0 {
		sink = append(sink, make([]byte, 16+path%64))
		if len(sink) > 1024 {
			sink = sink[:0]
		}
		return
	}
	table[path%128](path/128, depth-1)
}

//go:noinline
func f0(path, depth int) { g0(path, depth) }

//go:noinline
func g0(path, depth int) { h0(path, depth) }

//go:noinline
func h0(path, depth int) { i0(path, depth) }

//go:noinline
func i0(path, depth int) { j0(path, depth) }

//go:noinline
func j0(path, depth int) { step(path, depth) }

//go:noinline
func f1(path, depth int) { g1(path, depth) }

//go:noinline
func g1(path, depth int) { h1(path, depth) }

//go:noinline
func h1(path, depth int) { i1(path, depth) }

//go:noinline
func i1(path, depth int) { j1(path, depth) }

//go:noinline
func j1(path, depth int) { step(path, depth) }

//go:noinline
func f2(path, depth int) { g2(path, depth) }

//go:noinline
func g2(path, depth int) { h2(path, depth) }

//go:noinline
func h2(path, depth int) { i2(path, depth) }

//go:noinline
func i2(path, depth int) { j2(path, depth) }

//go:noinline
func j2(path, depth int) { step(path, depth) }

//go:noinline
func f3(path, depth int) { g3(path, depth) }

//go:noinline
func g3(path, depth int) { h3(path, depth) }

//go:noinline
func h3(path, depth int) { i3(path, depth) }

//go:noinline
func i3(path, depth int) { j3(path, depth) }

//go:noinline
func j3(path, depth int) { step(path, depth) }

//go:noinline
func f4(path, depth int) { g4(path, depth) }

//go:noinline
func g4(path, depth int) { h4(path, depth) }

//go:noinline
func h4(path, depth int) { i4(path, depth) }

//go:noinline
func i4(path, depth int) { j4(path, depth) }

//go:noinline
func j4(path, depth int) { step(path, depth) }

//go:noinline
func f5(path, depth int) { g5(path, depth) }

//go:noinline
func g5(path, depth int) { h5(path, depth) }

//go:noinline
func h5(path, depth int) { i5(path, depth) }

//go:noinline
func i5(path, depth int) { j5(path, depth) }

//go:noinline
func j5(path, depth int) { step(path, depth) }

//go:noinline
func f6(path, depth int) { g6(path, depth) }

//go:noinline
func g6(path, depth int) { h6(path, depth) }

//go:noinline
func h6(path, depth int) { i6(path, depth) }

//go:noinline
func i6(path, depth int) { j6(path, depth) }

//go:noinline
func j6(path, depth int) { step(path, depth) }

//go:noinline
func f7(path, depth int) { g7(path, depth) }

//go:noinline
func g7(path, depth int) { h7(path, depth) }

//go:noinline
func h7(path, depth int) { i7(path, depth) }

//go:noinline
func i7(path, depth int) { j7(path, depth) }

//go:noinline
func j7(path, depth int) { step(path, depth) }

//go:noinline
func f8(path, depth int) { g8(path, depth) }

//go:noinline
func g8(path, depth int) { h8(path, depth) }

//go:noinline
func h8(path, depth int) { i8(path, depth) }

//go:noinline
func i8(path, depth int) { j8(path, depth) }

//go:noinline
func j8(path, depth int) { step(path, depth) }

//go:noinline
func f9(path, depth int) { g9(path, depth) }

//go:noinline
func g9(path, depth int) { h9(path, depth) }

//go:noinline
func h9(path, depth int) { i9(path, depth) }

//go:noinline
func i9(path, depth int) { j9(path, depth) }

//go:noinline
func j9(path, depth int) { step(path, depth) }

//go:noinline
func f10(path, depth int) { g10(path, depth) }

//go:noinline
func g10(path, depth int) { h10(path, depth) }

//go:noinline
func h10(path, depth int) { i10(path, depth) }

//go:noinline
func i10(path, depth int) { j10(path, depth) }

//go:noinline
func j10(path, depth int) { step(path, depth) }

//go:noinline
func f11(path, depth int) { g11(path, depth) }

//go:noinline
func g11(path, depth int) { h11(path, depth) }

//go:noinline
func h11(path, depth int) { i11(path, depth) }

//go:noinline
func i11(path, depth int) { j11(path, depth) }

//go:noinline
func j11(path, depth int) { step(path, depth) }

//go:noinline
func f12(path, depth int) { g12(path, depth) }

//go:noinline
func g12(path, depth int) { h12(path, depth) }

//go:noinline
func h12(path, depth int) { i12(path, depth) }

//go:noinline
func i12(path, depth int) { j12(path, depth) }

//go:noinline
func j12(path, depth int) { step(path, depth) }

//go:noinline
func f13(path, depth int) { g13(path, depth) }

//go:noinline
func g13(path, depth int) { h13(path, depth) }

//go:noinline
func h13(path, depth int) { i13(path, depth) }

//go:noinline
func i13(path, depth int) { j13(path, depth) }

//go:noinline
func j13(path, depth int) { step(path, depth) }

//go:noinline
func f14(path, depth int) { g14(path, depth) }

//go:noinline
func g14(path, depth int) { h14(path, depth) }

//go:noinline
func h14(path, depth int) { i14(path, depth) }

//go:noinline
func i14(path, depth int) { j14(path, depth) }

//go:noinline
func j14(path, depth int) { step(path, depth) }

//go:noinline
func f15(path, depth int) { g15(path, depth) }

//go:noinline
func g15(path, depth int) { h15(path, depth) }

//go:noinline
func h15(path, depth int) { i15(path, depth) }

//go:noinline
func i15(path, depth int) { j15(path, depth) }

//go:noinline
func j15(path, depth int) { step(path, depth) }

//go:noinline
func f16(path, depth int) { g16(path, depth) }

//go:noinline
func g16(path, depth int) { h16(path, depth) }

//go:noinline
func h16(path, depth int) { i16(path, depth) }

//go:noinline
func i16(path, depth int) { j16(path, depth) }

//go:noinline
func j16(path, depth int) { step(path, depth) }

//go:noinline
func f17(path, depth int) { g17(path, depth) }

//go:noinline
func g17(path, depth int) { h17(path, depth) }

//go:noinline
func h17(path, depth int) { i17(path, depth) }

//go:noinline
func i17(path, depth int) { j17(path, depth) }

//go:noinline
func j17(path, depth int) { step(path, depth) }

//go:noinline
func f18(path, depth int) { g18(path, depth) }

//go:noinline
func g18(path, depth int) { h18(path, depth) }

//go:noinline
func h18(path, depth int) { i18(path, depth) }

//go:noinline
func i18(path, depth int) { j18(path, depth) }

//go:noinline
func j18(path, depth int) { step(path, depth) }

//go:noinline
func f19(path, depth int) { g19(path, depth) }

//go:noinline
func g19(path, depth int) { h19(path, depth) }

//go:noinline
func h19(path, depth int) { i19(path, depth) }

//go:noinline
func i19(path, depth int) { j19(path, depth) }

//go:noinline
func j19(path, depth int) { step(path, depth) }

//go:noinline
func f20(path, depth int) { g20(path, depth) }

//go:noinline
func g20(path, depth int) { h20(path, depth) }

//go:noinline
func h20(path, depth int) { i20(path, depth) }

//go:noinline
func i20(path, depth int) { j20(path, depth) }

//go:noinline
func j20(path, depth int) { step(path, depth) }

//go:noinline
func f21(path, depth int) { g21(path, depth) }

//go:noinline
func g21(path, depth int) { h21(path, depth) }

//go:noinline
func h21(path, depth int) { i21(path, depth) }

//go:noinline
func i21(path, depth int) { j21(path, depth) }

//go:noinline
func j21(path, depth int) { step(path, depth) }

//go:noinline
func f22(path, depth int) { g22(path, depth) }

//go:noinline
func g22(path, depth int) { h22(path, depth) }

//go:noinline
func h22(path, depth int) { i22(path, depth) }

//go:noinline
func i22(path, depth int) { j22(path, depth) }

//go:noinline
func j22(path, depth int) { step(path, depth) }

//go:noinline
func f23(path, depth int) { g23(path, depth) }

//go:noinline
func g23(path, depth int) { h23(path, depth) }

//go:noinline
func h23(path, depth int) { i23(path, depth) }

//go:noinline
func i23(path, depth int) { j23(path, depth) }

//go:noinline
func j23(path, depth int) { step(path, depth) }

//go:noinline
func f24(path, depth int) { g24(path, depth) }

//go:noinline
func g24(path, depth int) { h24(path, depth) }

//go:noinline
func h24(path, depth int) { i24(path, depth) }

//go:noinline
func i24(path, depth int) { j24(path, depth) }

//go:noinline
func j24(path, depth int) { step(path, depth) }

//go:noinline
func f25(path, depth int) { g25(path, depth) }

//go:noinline
func g25(path, depth int) { h25(path, depth) }

//go:noinline
func h25(path, depth int) { i25(path, depth) }

//go:noinline
func i25(path, depth int) { j25(path, depth) }

//go:noinline
func j25(path, depth int) { step(path, depth) }

//go:noinline
func f26(path, depth int) { g26(path, depth) }

//go:noinline
func g26(path, depth int) { h26(path, depth) }

//go:noinline
func h26(path, depth int) { i26(path, depth) }

//go:noinline
func i26(path, depth int) { j26(path, depth) }

//go:noinline
func j26(path, depth int) { step(path, depth) }

//go:noinline
func f27(path, depth int) { g27(path, depth) }

//go:noinline
func g27(path, depth int) { h27(path, depth) }

//go:noinline
func h27(path, depth int) { i27(path, depth) }

//go:noinline
func i27(path, depth int) { j27(path, depth) }

//go:noinline
func j27(path, depth int) { step(path, depth) }

//go:noinline
func f28(path, depth int) { g28(path, depth) }

//go:noinline
func g28(path, depth int) { h28(path, depth) }

//go:noinline
func h28(path, depth int) { i28(path, depth) }

//go:noinline
func i28(path, depth int) { j28(path, depth) }

//go:noinline
func j28(path, depth int) { step(path, depth) }

//go:noinline
func f29(path, depth int) { g29(path, depth) }

//go:noinline
func g29(path, depth int) { h29(path, depth) }

//go:noinline
func h29(path, depth int) { i29(path, depth) }

//go:noinline
func i29(path, depth int) { j29(path, depth) }

//go:noinline
func j29(path, depth int) { step(path, depth) }

//go:noinline
func f30(path, depth int) { g30(path, depth) }

//go:noinline
func g30(path, depth int) { h30(path, depth) }

//go:noinline
func h30(path, depth int) { i30(path, depth) }

//go:noinline
func i30(path, depth int) { j30(path, depth) }

//go:noinline
func j30(path, depth int) { step(path, depth) }

//go:noinline
func f31(path, depth int) { g31(path, depth) }

//go:noinline
func g31(path, depth int) { h31(path, depth) }

//go:noinline
func h31(path, depth int) { i31(path, depth) }

//go:noinline
func i31(path, depth int) { j31(path, depth) }

//go:noinline
func j31(path, depth int) { step(path, depth) }

//go:noinline
func f32(path, depth int) { g32(path, depth) }

//go:noinline
func g32(path, depth int) { h32(path, depth) }

//go:noinline
func h32(path, depth int) { i32(path, depth) }

//go:noinline
func i32(path, depth int) { j32(path, depth) }

//go:noinline
func j32(path, depth int) { step(path, depth) }

//go:noinline
func f33(path, depth int) { g33(path, depth) }

//go:noinline
func g33(path, depth int) { h33(path, depth) }

//go:noinline
func h33(path, depth int) { i33(path, depth) }

//go:noinline
func i33(path, depth int) { j33(path, depth) }

//go:noinline
func j33(path, depth int) { step(path, depth) }

//go:noinline
func f34(path, depth int) { g34(path, depth) }

//go:noinline
func g34(path, depth int) { h34(path, depth) }

//go:noinline
func h34(path, depth int) { i34(path, depth) }

//go:noinline
func i34(path, depth int) { j34(path, depth) }

//go:noinline
func j34(path, depth int) { step(path, depth) }

//go:noinline
func f35(path, depth int) { g35(path, depth) }

//go:noinline
func g35(path, depth int) { h35(path, depth) }

//go:noinline
func h35(path, depth int) { i35(path, depth) }

//go:noinline
func i35(path, depth int) { j35(path, depth) }

//go:noinline
func j35(path, depth int) { step(path, depth) }

//go:noinline
func f36(path, depth int) { g36(path, depth) }

//go:noinline
func g36(path, depth int) { h36(path, depth) }

//go:noinline
func h36(path, depth int) { i36(path, depth) }

//go:noinline
func i36(path, depth int) { j36(path, depth) }

//go:noinline
func j36(path, depth int) { step(path, depth) }

//go:noinline
func f37(path, depth int) { g37(path, depth) }

//go:noinline
func g37(path, depth int) { h37(path, depth) }

//go:noinline
func h37(path, depth int) { i37(path, depth) }

//go:noinline
func i37(path, depth int) { j37(path, depth) }

//go:noinline
func j37(path, depth int) { step(path, depth) }

//go:noinline
func f38(path, depth int) { g38(path, depth) }

//go:noinline
func g38(path, depth int) { h38(path, depth) }

//go:noinline
func h38(path, depth int) { i38(path, depth) }

//go:noinline
func i38(path, depth int) { j38(path, depth) }

//go:noinline
func j38(path, depth int) { step(path, depth) }

//go:noinline
func f39(path, depth int) { g39(path, depth) }

//go:noinline
func g39(path, depth int) { h39(path, depth) }

//go:noinline
func h39(path, depth int) { i39(path, depth) }

//go:noinline
func i39(path, depth int) { j39(path, depth) }

//go:noinline
func j39(path, depth int) { step(path, depth) }

//go:noinline
func f40(path, depth int) { g40(path, depth) }

//go:noinline
func g40(path, depth int) { h40(path, depth) }

//go:noinline
func h40(path, depth int) { i40(path, depth) }

//go:noinline
func i40(path, depth int) { j40(path, depth) }

//go:noinline
func j40(path, depth int) { step(path, depth) }

//go:noinline
func f41(path, depth int) { g41(path, depth) }

//go:noinline
func g41(path, depth int) { h41(path, depth) }

//go:noinline
func h41(path, depth int) { i41(path, depth) }

//go:noinline
func i41(path, depth int) { j41(path, depth) }

//go:noinline
func j41(path, depth int) { step(path, depth) }

//go:noinline
func f42(path, depth int) { g42(path, depth) }

//go:noinline
func g42(path, depth int) { h42(path, depth) }

//go:noinline
func h42(path, depth int) { i42(path, depth) }

//go:noinline
func i42(path, depth int) { j42(path, depth) }

//go:noinline
func j42(path, depth int) { step(path, depth) }

//go:noinline
func f43(path, depth int) { g43(path, depth) }

//go:noinline
func g43(path, depth int) { h43(path, depth) }

//go:noinline
func h43(path, depth int) { i43(path, depth) }

//go:noinline
func i43(path, depth int) { j43(path, depth) }

//go:noinline
func j43(path, depth int) { step(path, depth) }

//go:noinline
func f44(path, depth int) { g44(path, depth) }

//go:noinline
func g44(path, depth int) { h44(path, depth) }

//go:noinline
func h44(path, depth int) { i44(path, depth) }

//go:noinline
func i44(path, depth int) { j44(path, depth) }

//go:noinline
func j44(path, depth int) { step(path, depth) }

//go:noinline
func f45(path, depth int) { g45(path, depth) }

//go:noinline
func g45(path, depth int) { h45(path, depth) }

//go:noinline
func h45(path, depth int) { i45(path, depth) }

//go:noinline
func i45(path, depth int) { j45(path, depth) }

//go:noinline
func j45(path, depth int) { step(path, depth) }

//go:noinline
func f46(path, depth int) { g46(path, depth) }

//go:noinline
func g46(path, depth int) { h46(path, depth) }

//go:noinline
func h46(path, depth int) { i46(path, depth) }

//go:noinline
func i46(path, depth int) { j46(path, depth) }

//go:noinline
func j46(path, depth int) { step(path, depth) }

//go:noinline
func f47(path, depth int) { g47(path, depth) }

//go:noinline
func g47(path, depth int) { h47(path, depth) }

//go:noinline
func h47(path, depth int) { i47(path, depth) }

//go:noinline
func i47(path, depth int) { j47(path, depth) }

//go:noinline
func j47(path, depth int) { step(path, depth) }

//go:noinline
func f48(path, depth int) { g48(path, depth) }

//go:noinline
func g48(path, depth int) { h48(path, depth) }

//go:noinline
func h48(path, depth int) { i48(path, depth) }

//go:noinline
func i48(path, depth int) { j48(path, depth) }

//go:noinline
func j48(path, depth int) { step(path, depth) }

//go:noinline
func f49(path, depth int) { g49(path, depth) }

//go:noinline
func g49(path, depth int) { h49(path, depth) }

//go:noinline
func h49(path, depth int) { i49(path, depth) }

//go:noinline
func i49(path, depth int) { j49(path, depth) }

//go:noinline
func j49(path, depth int) { step(path, depth) }

//go:noinline
func f50(path, depth int) { g50(path, depth) }

//go:noinline
func g50(path, depth int) { h50(path, depth) }

//go:noinline
func h50(path, depth int) { i50(path, depth) }

//go:noinline
func i50(path, depth int) { j50(path, depth) }

//go:noinline
func j50(path, depth int) { step(path, depth) }

//go:noinline
func f51(path, depth int) { g51(path, depth) }

//go:noinline
func g51(path, depth int) { h51(path, depth) }

//go:noinline
func h51(path, depth int) { i51(path, depth) }

//go:noinline
func i51(path, depth int) { j51(path, depth) }

//go:noinline
func j51(path, depth int) { step(path, depth) }

//go:noinline
func f52(path, depth int) { g52(path, depth) }

//go:noinline
func g52(path, depth int) { h52(path, depth) }

//go:noinline
func h52(path, depth int) { i52(path, depth) }

//go:noinline
func i52(path, depth int) { j52(path, depth) }

//go:noinline
func j52(path, depth int) { step(path, depth) }

//go:noinline
func f53(path, depth int) { g53(path, depth) }

//go:noinline
func g53(path, depth int) { h53(path, depth) }

//go:noinline
func h53(path, depth int) { i53(path, depth) }

//go:noinline
func i53(path, depth int) { j53(path, depth) }

//go:noinline
func j53(path, depth int) { step(path, depth) }

//go:noinline
func f54(path, depth int) { g54(path, depth) }

//go:noinline
func g54(path, depth int) { h54(path, depth) }

//go:noinline
func h54(path, depth int) { i54(path, depth) }

//go:noinline
func i54(path, depth int) { j54(path, depth) }

//go:noinline
func j54(path, depth int) { step(path, depth) }

//go:noinline
func f55(path, depth int) { g55(path, depth) }

//go:noinline
func g55(path, depth int) { h55(path, depth) }

//go:noinline
func h55(path, depth int) { i55(path, depth) }

//go:noinline
func i55(path, depth int) { j55(path, depth) }

//go:noinline
func j55(path, depth int) { step(path, depth) }

//go:noinline
func f56(path, depth int) { g56(path, depth) }

//go:noinline
func g56(path, depth int) { h56(path, depth) }

//go:noinline
func h56(path, depth int) { i56(path, depth) }

//go:noinline
func i56(path, depth int) { j56(path, depth) }

//go:noinline
func j56(path, depth int) { step(path, depth) }

//go:noinline
func f57(path, depth int) { g57(path, depth) }

//go:noinline
func g57(path, depth int) { h57(path, depth) }

//go:noinline
func h57(path, depth int) { i57(path, depth) }

//go:noinline
func i57(path, depth int) { j57(path, depth) }

//go:noinline
func j57(path, depth int) { step(path, depth) }

//go:noinline
func f58(path, depth int) { g58(path, depth) }

//go:noinline
func g58(path, depth int) { h58(path, depth) }

//go:noinline
func h58(path, depth int) { i58(path, depth) }

//go:noinline
func i58(path, depth int) { j58(path, depth) }

//go:noinline
func j58(path, depth int) { step(path, depth) }

//go:noinline
func f59(path, depth int) { g59(path, depth) }

//go:noinline
func g59(path, depth int) { h59(path, depth) }

//go:noinline
func h59(path, depth int) { i59(path, depth) }

//go:noinline
func i59(path, depth int) { j59(path, depth) }

//go:noinline
func j59(path, depth int) { step(path, depth) }

//go:noinline
func f60(path, depth int) { g60(path, depth) }

//go:noinline
func g60(path, depth int) { h60(path, depth) }

//go:noinline
func h60(path, depth int) { i60(path, depth) }

//go:noinline
func i60(path, depth int) { j60(path, depth) }

//go:noinline
func j60(path, depth int) { step(path, depth) }

//go:noinline
func f61(path, depth int) { g61(path, depth) }

//go:noinline
func g61(path, depth int) { h61(path, depth) }

//go:noinline
func h61(path, depth int) { i61(path, depth) }

//go:noinline
func i61(path, depth int) { j61(path, depth) }

//go:noinline
func j61(path, depth int) { step(path, depth) }

//go:noinline
func f62(path, depth int) { g62(path, depth) }

//go:noinline
func g62(path, depth int) { h62(path, depth) }

//go:noinline
func h62(path, depth int) { i62(path, depth) }

//go:noinline
func i62(path, depth int) { j62(path, depth) }

//go:noinline
func j62(path, depth int) { step(path, depth) }

//go:noinline
func f63(path, depth int) { g63(path, depth) }

//go:noinline
func g63(path, depth int) { h63(path, depth) }

//go:noinline
func h63(path, depth int) { i63(path, depth) }

//go:noinline
func i63(path, depth int) { j63(path, depth) }

//go:noinline
func j63(path, depth int) { step(path, depth) }

//go:noinline
func f64(path, depth int) { g64(path, depth) }

//go:noinline
func g64(path, depth int) { h64(path, depth) }

//go:noinline
func h64(path, depth int) { i64(path, depth) }

//go:noinline
func i64(path, depth int) { j64(path, depth) }

//go:noinline
func j64(path, depth int) { step(path, depth) }

//go:noinline
func f65(path, depth int) { g65(path, depth) }

//go:noinline
func g65(path, depth int) { h65(path, depth) }

//go:noinline
func h65(path, depth int) { i65(path, depth) }

//go:noinline
func i65(path, depth int) { j65(path, depth) }

//go:noinline
func j65(path, depth int) { step(path, depth) }

//go:noinline
func f66(path, depth int) { g66(path, depth) }

//go:noinline
func g66(path, depth int) { h66(path, depth) }

//go:noinline
func h66(path, depth int) { i66(path, depth) }

//go:noinline
func i66(path, depth int) { j66(path, depth) }

//go:noinline
func j66(path, depth int) { step(path, depth) }

//go:noinline
func f67(path, depth int) { g67(path, depth) }

//go:noinline
func g67(path, depth int) { h67(path, depth) }

//go:noinline
func h67(path, depth int) { i67(path, depth) }

//go:noinline
func i67(path, depth int) { j67(path, depth) }

//go:noinline
func j67(path, depth int) { step(path, depth) }

//go:noinline
func f68(path, depth int) { g68(path, depth) }

//go:noinline
func g68(path, depth int) { h68(path, depth) }

//go:noinline
func h68(path, depth int) { i68(path, depth) }

//go:noinline
func i68(path, depth int) { j68(path, depth) }

//go:noinline
func j68(path, depth int) { step(path, depth) }

//go:noinline
func f69(path, depth int) { g69(path, depth) }

//go:noinline
func g69(path, depth int) { h69(path, depth) }

//go:noinline
func h69(path, depth int) { i69(path, depth) }

//go:noinline
func i69(path, depth int) { j69(path, depth) }

//go:noinline
func j69(path, depth int) { step(path, depth) }

//go:noinline
func f70(path, depth int) { g70(path, depth) }

//go:noinline
func g70(path, depth int) { h70(path, depth) }

//go:noinline
func h70(path, depth int) { i70(path, depth) }

//go:noinline
func i70(path, depth int) { j70(path, depth) }

//go:noinline
func j70(path, depth int) { step(path, depth) }

//go:noinline
func f71(path, depth int) { g71(path, depth) }

//go:noinline
func g71(path, depth int) { h71(path, depth) }

//go:noinline
func h71(path, depth int) { i71(path, depth) }

//go:noinline
func i71(path, depth int) { j71(path, depth) }

//go:noinline
func j71(path, depth int) { step(path, depth) }

//go:noinline
func f72(path, depth int) { g72(path, depth) }

//go:noinline
func g72(path, depth int) { h72(path, depth) }

//go:noinline
func h72(path, depth int) { i72(path, depth) }

//go:noinline
func i72(path, depth int) { j72(path, depth) }

//go:noinline
func j72(path, depth int) { step(path, depth) }

//go:noinline
func f73(path, depth int) { g73(path, depth) }

//go:noinline
func g73(path, depth int) { h73(path, depth) }

//go:noinline
func h73(path, depth int) { i73(path, depth) }

//go:noinline
func i73(path, depth int) { j73(path, depth) }

//go:noinline
func j73(path, depth int) { step(path, depth) }

//go:noinline
func f74(path, depth int) { g74(path, depth) }

//go:noinline
func g74(path, depth int) { h74(path, depth) }

//go:noinline
func h74(path, depth int) { i74(path, depth) }

//go:noinline
func i74(path, depth int) { j74(path, depth) }

//go:noinline
func j74(path, depth int) { step(path, depth) }

//go:noinline
func f75(path, depth int) { g75(path, depth) }

//go:noinline
func g75(path, depth int) { h75(path, depth) }

//go:noinline
func h75(path, depth int) { i75(path, depth) }

//go:noinline
func i75(path, depth int) { j75(path, depth) }

//go:noinline
func j75(path, depth int) { step(path, depth) }

//go:noinline
func f76(path, depth int) { g76(path, depth) }

//go:noinline
func g76(path, depth int) { h76(path, depth) }

//go:noinline
func h76(path, depth int) { i76(path, depth) }

//go:noinline
func i76(path, depth int) { j76(path, depth) }

//go:noinline
func j76(path, depth int) { step(path, depth) }

//go:noinline
func f77(path, depth int) { g77(path, depth) }

//go:noinline
func g77(path, depth int) { h77(path, depth) }

//go:noinline
func h77(path, depth int) { i77(path, depth) }

//go:noinline
func i77(path, depth int) { j77(path, depth) }

//go:noinline
func j77(path, depth int) { step(path, depth) }

//go:noinline
func f78(path, depth int) { g78(path, depth) }

//go:noinline
func g78(path, depth int) { h78(path, depth) }

//go:noinline
func h78(path, depth int) { i78(path, depth) }

//go:noinline
func i78(path, depth int) { j78(path, depth) }

//go:noinline
func j78(path, depth int) { step(path, depth) }

//go:noinline
func f79(path, depth int) { g79(path, depth) }

//go:noinline
func g79(path, depth int) { h79(path, depth) }

//go:noinline
func h79(path, depth int) { i79(path, depth) }

//go:noinline
func i79(path, depth int) { j79(path, depth) }

//go:noinline
func j79(path, depth int) { step(path, depth) }

//go:noinline
func f80(path, depth int) { g80(path, depth) }

//go:noinline
func g80(path, depth int) { h80(path, depth) }

//go:noinline
func h80(path, depth int) { i80(path, depth) }

//go:noinline
func i80(path, depth int) { j80(path, depth) }

//go:noinline
func j80(path, depth int) { step(path, depth) }

//go:noinline
func f81(path, depth int) { g81(path, depth) }

//go:noinline
func g81(path, depth int) { h81(path, depth) }

//go:noinline
func h81(path, depth int) { i81(path, depth) }

//go:noinline
func i81(path, depth int) { j81(path, depth) }

//go:noinline
func j81(path, depth int) { step(path, depth) }

//go:noinline
func f82(path, depth int) { g82(path, depth) }

//go:noinline
func g82(path, depth int) { h82(path, depth) }

//go:noinline
func h82(path, depth int) { i82(path, depth) }

//go:noinline
func i82(path, depth int) { j82(path, depth) }

//go:noinline
func j82(path, depth int) { step(path, depth) }

//go:noinline
func f83(path, depth int) { g83(path, depth) }

//go:noinline
func g83(path, depth int) { h83(path, depth) }

//go:noinline
func h83(path, depth int) { i83(path, depth) }

//go:noinline
func i83(path, depth int) { j83(path, depth) }

//go:noinline
func j83(path, depth int) { step(path, depth) }

//go:noinline
func f84(path, depth int) { g84(path, depth) }

//go:noinline
func g84(path, depth int) { h84(path, depth) }

//go:noinline
func h84(path, depth int) { i84(path, depth) }

//go:noinline
func i84(path, depth int) { j84(path, depth) }

//go:noinline
func j84(path, depth int) { step(path, depth) }

//go:noinline
func f85(path, depth int) { g85(path, depth) }

//go:noinline
func g85(path, depth int) { h85(path, depth) }

//go:noinline
func h85(path, depth int) { i85(path, depth) }

//go:noinline
func i85(path, depth int) { j85(path, depth) }

//go:noinline
func j85(path, depth int) { step(path, depth) }

//go:noinline
func f86(path, depth int) { g86(path, depth) }

//go:noinline
func g86(path, depth int) { h86(path, depth) }

//go:noinline
func h86(path, depth int) { i86(path, depth) }

//go:noinline
func i86(path, depth int) { j86(path, depth) }

//go:noinline
func j86(path, depth int) { step(path, depth) }

//go:noinline
func f87(path, depth int) { g87(path, depth) }

//go:noinline
func g87(path, depth int) { h87(path, depth) }

//go:noinline
func h87(path, depth int) { i87(path, depth) }

//go:noinline
func i87(path, depth int) { j87(path, depth) }

//go:noinline
func j87(path, depth int) { step(path, depth) }

//go:noinline
func f88(path, depth int) { g88(path, depth) }

//go:noinline
func g88(path, depth int) { h88(path, depth) }

//go:noinline
func h88(path, depth int) { i88(path, depth) }

//go:noinline
func i88(path, depth int) { j88(path, depth) }

//go:noinline
func j88(path, depth int) { step(path, depth) }

//go:noinline
func f89(path, depth int) { g89(path, depth) }

//go:noinline
func g89(path, depth int) { h89(path, depth) }

//go:noinline
func h89(path, depth int) { i89(path, depth) }

//go:noinline
func i89(path, depth int) { j89(path, depth) }

//go:noinline
func j89(path, depth int) { step(path, depth) }

//go:noinline
func f90(path, depth int) { g90(path, depth) }

//go:noinline
func g90(path, depth int) { h90(path, depth) }

//go:noinline
func h90(path, depth int) { i90(path, depth) }

//go:noinline
func i90(path, depth int) { j90(path, depth) }

//go:noinline
func j90(path, depth int) { step(path, depth) }

//go:noinline
func f91(path, depth int) { g91(path, depth) }

//go:noinline
func g91(path, depth int) { h91(path, depth) }

//go:noinline
func h91(path, depth int) { i91(path, depth) }

//go:noinline
func i91(path, depth int) { j91(path, depth) }

//go:noinline
func j91(path, depth int) { step(path, depth) }

//go:noinline
func f92(path, depth int) { g92(path, depth) }

//go:noinline
func g92(path, depth int) { h92(path, depth) }

//go:noinline
func h92(path, depth int) { i92(path, depth) }

//go:noinline
func i92(path, depth int) { j92(path, depth) }

//go:noinline
func j92(path, depth int) { step(path, depth) }

//go:noinline
func f93(path, depth int) { g93(path, depth) }

//go:noinline
func g93(path, depth int) { h93(path, depth) }

//go:noinline
func h93(path, depth int) { i93(path, depth) }

//go:noinline
func i93(path, depth int) { j93(path, depth) }

//go:noinline
func j93(path, depth int) { step(path, depth) }

//go:noinline
func f94(path, depth int) { g94(path, depth) }

//go:noinline
func g94(path, depth int) { h94(path, depth) }

//go:noinline
func h94(path, depth int) { i94(path, depth) }

//go:noinline
func i94(path, depth int) { j94(path, depth) }

//go:noinline
func j94(path, depth int) { step(path, depth) }

//go:noinline
func f95(path, depth int) { g95(path, depth) }

//go:noinline
func g95(path, depth int) { h95(path, depth) }

//go:noinline
func h95(path, depth int) { i95(path, depth) }

//go:noinline
func i95(path, depth int) { j95(path, depth) }

//go:noinline
func j95(path, depth int) { step(path, depth) }

//go:noinline
func f96(path, depth int) { g96(path, depth) }

//go:noinline
func g96(path, depth int) { h96(path, depth) }

//go:noinline
func h96(path, depth int) { i96(path, depth) }

//go:noinline
func i96(path, depth int) { j96(path, depth) }

//go:noinline
func j96(path, depth int) { step(path, depth) }

//go:noinline
func f97(path, depth int) { g97(path, depth) }

//go:noinline
func g97(path, depth int) { h97(path, depth) }

//go:noinline
func h97(path, depth int) { i97(path, depth) }

//go:noinline
func i97(path, depth int) { j97(path, depth) }

//go:noinline
func j97(path, depth int) { step(path, depth) }

//go:noinline
func f98(path, depth int) { g98(path, depth) }

//go:noinline
func g98(path, depth int) { h98(path, depth) }

//go:noinline
func h98(path, depth int) { i98(path, depth) }

//go:noinline
func i98(path, depth int) { j98(path, depth) }

//go:noinline
func j98(path, depth int) { step(path, depth) }

//go:noinline
func f99(path, depth int) { g99(path, depth) }

//go:noinline
func g99(path, depth int) { h99(path, depth) }

//go:noinline
func h99(path, depth int) { i99(path, depth) }

//go:noinline
func i99(path, depth int) { j99(path, depth) }

//go:noinline
func j99(path, depth int) { step(path, depth) }

//go:noinline
func f100(path, depth int) { g100(path, depth) }

//go:noinline
func g100(path, depth int) { h100(path, depth) }

//go:noinline
func h100(path, depth int) { i100(path, depth) }

//go:noinline
func i100(path, depth int) { j100(path, depth) }

//go:noinline
func j100(path, depth int) { step(path, depth) }

//go:noinline
func f101(path, depth int) { g101(path, depth) }

//go:noinline
func g101(path, depth int) { h101(path, depth) }

//go:noinline
func h101(path, depth int) { i101(path, depth) }

//go:noinline
func i101(path, depth int) { j101(path, depth) }

//go:noinline
func j101(path, depth int) { step(path, depth) }

//go:noinline
func f102(path, depth int) { g102(path, depth) }

//go:noinline
func g102(path, depth int) { h102(path, depth) }

//go:noinline
func h102(path, depth int) { i102(path, depth) }

//go:noinline
func i102(path, depth int) { j102(path, depth) }

//go:noinline
func j102(path, depth int) { step(path, depth) }

//go:noinline
func f103(path, depth int) { g103(path, depth) }

//go:noinline
func g103(path, depth int) { h103(path, depth) }

//go:noinline
func h103(path, depth int) { i103(path, depth) }

//go:noinline
func i103(path, depth int) { j103(path, depth) }

//go:noinline
func j103(path, depth int) { step(path, depth) }

//go:noinline
func f104(path, depth int) { g104(path, depth) }

//go:noinline
func g104(path, depth int) { h104(path, depth) }

//go:noinline
func h104(path, depth int) { i104(path, depth) }

//go:noinline
func i104(path, depth int) { j104(path, depth) }

//go:noinline
func j104(path, depth int) { step(path, depth) }

//go:noinline
func f105(path, depth int) { g105(path, depth) }

//go:noinline
func g105(path, depth int) { h105(path, depth) }

//go:noinline
func h105(path, depth int) { i105(path, depth) }

//go:noinline
func i105(path, depth int) { j105(path, depth) }

//go:noinline
func j105(path, depth int) { step(path, depth) }

//go:noinline
func f106(path, depth int) { g106(path, depth) }

//go:noinline
func g106(path, depth int) { h106(path, depth) }

//go:noinline
func h106(path, depth int) { i106(path, depth) }

//go:noinline
func i106(path, depth int) { j106(path, depth) }

//go:noinline
func j106(path, depth int) { step(path, depth) }

//go:noinline
func f107(path, depth int) { g107(path, depth) }

//go:noinline
func g107(path, depth int) { h107(path, depth) }

//go:noinline
func h107(path, depth int) { i107(path, depth) }

//go:noinline
func i107(path, depth int) { j107(path, depth) }

//go:noinline
func j107(path, depth int) { step(path, depth) }

//go:noinline
func f108(path, depth int) { g108(path, depth) }

//go:noinline
func g108(path, depth int) { h108(path, depth) }

//go:noinline
func h108(path, depth int) { i108(path, depth) }

//go:noinline
func i108(path, depth int) { j108(path, depth) }

//go:noinline
func j108(path, depth int) { step(path, depth) }

//go:noinline
func f109(path, depth int) { g109(path, depth) }

//go:noinline
func g109(path, depth int) { h109(path, depth) }

//go:noinline
func h109(path, depth int) { i109(path, depth) }

//go:noinline
func i109(path, depth int) { j109(path, depth) }

//go:noinline
func j109(path, depth int) { step(path, depth) }

//go:noinline
func f110(path, depth int) { g110(path, depth) }

//go:noinline
func g110(path, depth int) { h110(path, depth) }

//go:noinline
func h110(path, depth int) { i110(path, depth) }

//go:noinline
func i110(path, depth int) { j110(path, depth) }

//go:noinline
func j110(path, depth int) { step(path, depth) }

//go:noinline
func f111(path, depth int) { g111(path, depth) }

//go:noinline
func g111(path, depth int) { h111(path, depth) }

//go:noinline
func h111(path, depth int) { i111(path, depth) }

//go:noinline
func i111(path, depth int) { j111(path, depth) }

//go:noinline
func j111(path, depth int) { step(path, depth) }

//go:noinline
func f112(path, depth int) { g112(path, depth) }

//go:noinline
func g112(path, depth int) { h112(path, depth) }

//go:noinline
func h112(path, depth int) { i112(path, depth) }

//go:noinline
func i112(path, depth int) { j112(path, depth) }

//go:noinline
func j112(path, depth int) { step(path, depth) }

//go:noinline
func f113(path, depth int) { g113(path, depth) }

//go:noinline
func g113(path, depth int) { h113(path, depth) }

//go:noinline
func h113(path, depth int) { i113(path, depth) }

//go:noinline
func i113(path, depth int) { j113(path, depth) }

//go:noinline
func j113(path, depth int) { step(path, depth) }

//go:noinline
func f114(path, depth int) { g114(path, depth) }

//go:noinline
func g114(path, depth int) { h114(path, depth) }

//go:noinline
func h114(path, depth int) { i114(path, depth) }

//go:noinline
func i114(path, depth int) { j114(path, depth) }

//go:noinline
func j114(path, depth int) { step(path, depth) }

//go:noinline
func f115(path, depth int) { g115(path, depth) }

//go:noinline
func g115(path, depth int) { h115(path, depth) }

//go:noinline
func h115(path, depth int) { i115(path, depth) }

//go:noinline
func i115(path, depth int) { j115(path, depth) }

//go:noinline
func j115(path, depth int) { step(path, depth) }

//go:noinline
func f116(path, depth int) { g116(path, depth) }

//go:noinline
func g116(path, depth int) { h116(path, depth) }

//go:noinline
func h116(path, depth int) { i116(path, depth) }

//go:noinline
func i116(path, depth int) { j116(path, depth) }

//go:noinline
func j116(path, depth int) { step(path, depth) }

//go:noinline
func f117(path, depth int) { g117(path, depth) }

//go:noinline
func g117(path, depth int) { h117(path, depth) }

//go:noinline
func h117(path, depth int) { i117(path, depth) }

//go:noinline
func i117(path, depth int) { j117(path, depth) }

//go:noinline
func j117(path, depth int) { step(path, depth) }

//go:noinline
func f118(path, depth int) { g118(path, depth) }

//go:noinline
func g118(path, depth int) { h118(path, depth) }

//go:noinline
func h118(path, depth int) { i118(path, depth) }

//go:noinline
func i118(path, depth int) { j118(path, depth) }

//go:noinline
func j118(path, depth int) { step(path, depth) }

//go:noinline
func f119(path, depth int) { g119(path, depth) }

//go:noinline
func g119(path, depth int) { h119(path, depth) }

//go:noinline
func h119(path, depth int) { i119(path, depth) }

//go:noinline
func i119(path, depth int) { j119(path, depth) }

//go:noinline
func j119(path, depth int) { step(path, depth) }

//go:noinline
func f120(path, depth int) { g120(path, depth) }

//go:noinline
func g120(path, depth int) { h120(path, depth) }

//go:noinline
func h120(path, depth int) { i120(path, depth) }

//go:noinline
func i120(path, depth int) { j120(path, depth) }

//go:noinline
func j120(path, depth int) { step(path, depth) }

//go:noinline
func f121(path, depth int) { g121(path, depth) }

//go:noinline
func g121(path, depth int) { h121(path, depth) }

//go:noinline
func h121(path, depth int) { i121(path, depth) }

//go:noinline
func i121(path, depth int) { j121(path, depth) }

//go:noinline
func j121(path, depth int) { step(path, depth) }

//go:noinline
func f122(path, depth int) { g122(path, depth) }

//go:noinline
func g122(path, depth int) { h122(path, depth) }

//go:noinline
func h122(path, depth int) { i122(path, depth) }

//go:noinline
func i122(path, depth int) { j122(path, depth) }

//go:noinline
func j122(path, depth int) { step(path, depth) }

//go:noinline
func f123(path, depth int) { g123(path, depth) }

//go:noinline
func g123(path, depth int) { h123(path, depth) }

//go:noinline
func h123(path, depth int) { i123(path, depth) }

//go:noinline
func i123(path, depth int) { j123(path, depth) }

//go:noinline
func j123(path, depth int) { step(path, depth) }

//go:noinline
func f124(path, depth int) { g124(path, depth) }

//go:noinline
func g124(path, depth int) { h124(path, depth) }

//go:noinline
func h124(path, depth int) { i124(path, depth) }

//go:noinline
func i124(path, depth int) { j124(path, depth) }

//go:noinline
func j124(path, depth int) { step(path, depth) }

//go:noinline
func f125(path, depth int) { g125(path, depth) }

//go:noinline
func g125(path, depth int) { h125(path, depth) }

//go:noinline
func h125(path, depth int) { i125(path, depth) }

//go:noinline
func i125(path, depth int) { j125(path, depth) }

//go:noinline
func j125(path, depth int) { step(path, depth) }

//go:noinline
func f126(path, depth int) { g126(path, depth) }

//go:noinline
func g126(path, depth int) { h126(path, depth) }

//go:noinline
func h126(path, depth int) { i126(path, depth) }

//go:noinline
func i126(path, depth int) { j126(path, depth) }

//go:noinline
func j126(path, depth int) { step(path, depth) }

//go:noinline
func f127(path, depth int) { g127(path, depth) }

//go:noinline
func g127(path, depth int) { h127(path, depth) }

//go:noinline
func h127(path, depth int) { i127(path, depth) }

//go:noinline
func i127(path, depth int) { j127(path, depth) }

//go:noinline
func j127(path, depth int) { step(path, depth) }

func main() {
	n := flag.Int("n", 600000, "number of allocations, each on a distinct call path")
	out := flag.String("out", "heap.pb.gz", "output file")
	flag.Parse()
	runtime.MemProfileRate = 1
	depth := 1
	for p := 128; p < *n; p *= 128 {
		depth++
	}
	for i := 0; i < *n; i++ {
		step(i, depth)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
