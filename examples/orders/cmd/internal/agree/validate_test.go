package agree

import (
	"math/rand"
	"strings"
	"testing"

	flat "example.com/orders/flat/domain"
	layered "example.com/orders/layered/domain"
)

// TestValidationRulesAgree feeds the same random new orders (valid and invalid) to both services'
// domain validation and requires the same verdict and message. Runs without databases.
func TestValidationRulesAgree(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	currencies := []string{"EUR", "USD", "GBP", "", "eur", "XYZ"}
	skus := []string{"A", "SKU-0001", "", strings.Repeat("S", 32), strings.Repeat("S", 33)}
	quantities := []int{-1, 0, 1, 7, 1000, 1001}
	prices := []int64{-5, 0, 1, 999, 10_000_000, 10_000_001}
	var valid, invalid int
	for i := 0; i < 5000; i++ {
		n := rng.Intn(53)
		l := layered.NewOrder{TenantID: 1, UserID: 2, Currency: currencies[rng.Intn(len(currencies))]}
		f := flat.NewOrder{Currency: l.Currency}
		for j := 0; j < n; j++ {
			sku, q, p := skus[rng.Intn(len(skus))], quantities[rng.Intn(len(quantities))], prices[rng.Intn(len(prices))]
			if rng.Intn(4) > 0 { // mostly valid items, so later rules get reached
				sku, q, p = "SKU-0001", 1+rng.Intn(1000), 1+rng.Int63n(10_000_000)
			}
			l.Items = append(l.Items, layered.Item{SKU: sku, Quantity: q, PriceCents: p})
			f.Items = append(f.Items, flat.Item{SKU: sku, Quantity: q, PriceCents: p})
		}
		var lmsg string
		if err := l.Validate(); err != nil {
			lmsg = err.Error()
		}
		fmsg := f.Validate()
		if lmsg != fmsg {
			t.Fatalf("case %d: layered %q, flat %q for %+v", i, lmsg, fmsg, l)
		}
		if lmsg == "" {
			valid++
			if l.TotalCents() != f.TotalCents() {
				t.Fatalf("case %d: totals differ: %d vs %d", i, l.TotalCents(), f.TotalCents())
			}
		} else {
			invalid++
		}
	}
	if valid < 100 || invalid < 100 {
		t.Fatalf("generator too one-sided: %d valid, %d invalid", valid, invalid)
	}
	t.Logf("%d valid and %d invalid orders judged alike", valid, invalid)
}
