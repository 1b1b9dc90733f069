//! Duration histogram with bounded memory: log-linear buckets (exact below 1024, then 1024
//! buckets per power of two, ≤ 0.1 % relative width), plus exact count, sum, sum of squares and
//! max. Keeps the analyses' memory independent of how many tasks and regions a trace holds.

use crate::fxhash::FxMap;

const SUB_BITS: u32 = 10;
const SUB: u64 = 1 << SUB_BITS;

/// A histogram of nanosecond durations.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    buckets: FxMap<u32, u64>,
    count: u64,
    sum: u128,
    sum_sq: u128,
    max: u64,
}

fn bucket(v: u64) -> u32 {
    if v < SUB {
        return v as u32;
    }
    let exp = 63 - v.leading_zeros(); // ≥ SUB_BITS
    let shift = exp - SUB_BITS;
    let mantissa = (v >> shift) - SUB; // 0..SUB
    ((shift + 1) << SUB_BITS) | mantissa as u32
}

/// Lower bound and width of a bucket.
fn bounds(b: u32) -> (u64, u64) {
    let (hi, lo) = (b >> SUB_BITS, u64::from(b) & (SUB - 1));
    if hi == 0 {
        return (lo, 1);
    }
    let shift = hi - 1;
    ((SUB + lo) << shift, 1u64 << shift)
}

impl Histogram {
    /// Adds one duration.
    pub fn add(&mut self, v: u64) {
        *self.buckets.entry(bucket(v)).or_insert(0) += 1;
        self.count += 1;
        self.sum += u128::from(v);
        self.sum_sq += u128::from(v) * u128::from(v);
        self.max = self.max.max(v);
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Largest value (exact).
    pub fn max(&self) -> u64 {
        self.max
    }

    /// Mean (exact).
    pub fn mean(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum as f64 / self.count as f64 }
    }

    /// Population standard deviation (exact up to float rounding).
    pub fn stddev(&self) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let n = self.count as f64;
        let mean = self.sum as f64 / n;
        (self.sum_sq as f64 / n - mean * mean).max(0.0).sqrt()
    }

    /// Nearest-rank percentile (`p` in 0..=100): the middle of the bucket holding that rank
    /// (within 0.05 % of the exact value), capped at the exact maximum.
    pub fn percentile(&self, p: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = (((p / 100.0) * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut keys: Vec<u32> = self.buckets.keys().copied().collect();
        keys.sort_unstable();
        let mut seen = 0;
        for k in keys {
            seen += self.buckets.get(&k).copied().unwrap_or(0);
            if seen >= rank {
                let (lo, width) = bounds(k);
                return (lo + width / 2).min(self.max);
            }
        }
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_trip_and_stay_narrow() {
        for v in [0u64, 1, 1023, 1024, 1025, 4096, 123_456, 10_000_000_007, u64::MAX / 3] {
            let (lo, w) = bounds(bucket(v));
            assert!(lo <= v && v - lo < w, "{v}: [{lo}, +{w})");
            assert!(v < 1024 || (w as f64) / (v as f64) <= 1.0 / 1024.0, "{v}");
        }
    }

    #[test]
    fn percentiles_match_exact_nearest_rank_closely() {
        let mut h = Histogram::default();
        let values: Vec<u64> = (1..=10_000u64).map(|i| i * 997 % 1_000_003 + 5_000).collect();
        for &v in &values {
            h.add(v);
        }
        let mut sorted = values.clone();
        sorted.sort_unstable();
        for p in [50.0, 90.0, 99.0, 100.0] {
            let exact = crate::report::percentile(&sorted, p) as f64;
            let approx = h.percentile(p) as f64;
            assert!((approx - exact).abs() / exact < 0.001, "p{p}: {approx} vs {exact}");
        }
        assert_eq!(h.max(), *sorted.last().unwrap());
        assert_eq!(h.count(), 10_000);
    }
}
