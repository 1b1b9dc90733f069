//! The `strata.trace/v1` report: what `strata trace --format json` prints (schema in docs/trace.md).

use serde::Serialize;
use strata_layers::LayerMap;

use crate::analysis::{Analysis, CountTime};
use crate::histogram::Histogram;

/// Schema tag of the JSON report.
pub const SCHEMA: &str = "strata.trace/v1";

/// Duration statistics of one task or region name (nanoseconds; percentiles by nearest rank).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DurationStats {
    /// Task or region name.
    pub name: String,
    /// Completed instances.
    pub count: u64,
    /// Median.
    pub p50_ns: u64,
    /// 90th percentile.
    pub p90_ns: u64,
    /// 99th percentile.
    pub p99_ns: u64,
    /// Longest.
    pub max_ns: u64,
    /// Mean.
    pub mean_ns: u64,
    /// Population standard deviation.
    pub stddev_ns: u64,
}

/// Nearest-rank percentile of sorted values (`p` in 0..=100).
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1).min(sorted.len() - 1)).copied().unwrap_or(0)
}

impl DurationStats {
    /// Statistics of a histogram (count, max, mean and stddev exact; percentiles within 0.05 %).
    pub fn from_histogram(name: String, h: &Histogram) -> Self {
        DurationStats {
            name,
            count: h.count(),
            p50_ns: h.percentile(50.0),
            p90_ns: h.percentile(90.0),
            p99_ns: h.percentile(99.0),
            max_ns: h.max(),
            mean_ns: h.mean().round() as u64,
            stddev_ns: h.stddev().round() as u64,
        }
    }

    /// Statistics of `values` (any order).
    pub fn new(name: String, values: &[u64]) -> Self {
        let mut v = values.to_vec();
        v.sort_unstable();
        let n = v.len() as f64;
        let mean = if v.is_empty() { 0.0 } else { v.iter().map(|&x| x as f64).sum::<f64>() / n };
        let var = if v.is_empty() { 0.0 } else { v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n };
        DurationStats {
            name,
            count: v.len() as u64,
            p50_ns: percentile(&v, 50.0),
            p90_ns: percentile(&v, 90.0),
            p99_ns: percentile(&v, 99.0),
            max_ns: v.last().copied().unwrap_or(0),
            mean_ns: mean.round() as u64,
            stddev_ns: var.sqrt().round() as u64,
        }
    }
}

/// Region statistics with their nesting.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RegionStats {
    /// Statistics (name = the region's own name).
    #[serde(flatten)]
    pub stats: DurationStats,
    /// Enclosing regions, outermost first, then this one.
    pub path: Vec<String>,
    /// Nesting depth (0: outermost).
    pub depth: usize,
}

/// Blocked time for one (reason, layer).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Blocking {
    /// Go's block reason ("chan receive", "sync", "network", …).
    pub reason: String,
    /// Layer of the innermost application frame of the blocking stack.
    pub layer: String,
    /// Blocking episodes, including those still blocked when the trace ended.
    pub count: u64,
    /// Total blocked time (an unfinished episode counts up to the trace's last event).
    pub total_ns: u64,
    /// Episodes still blocked when the trace ended (included in `count`), e.g. "forever".
    pub unfinished_count: u64,
    /// Their blocked time up to the trace's last event (included in `total_ns`).
    pub unfinished_ns: u64,
}

/// Count and time for one layer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LayerTime {
    /// Layer name.
    pub layer: String,
    /// Episodes, including those still open when the trace ended.
    pub count: u64,
    /// Total time (an unfinished episode counts up to the trace's last event).
    pub total_ns: u64,
    /// Episodes still open when the trace ended (included in `count`).
    pub unfinished_count: u64,
    /// Their time up to the trace's last event (included in `total_ns`).
    pub unfinished_ns: u64,
}

/// GC facts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Gc {
    /// GC mark phases seen.
    pub count: u64,
    /// Stop-the-world pauses.
    pub stw_count: u64,
    /// Their total.
    pub stw_total_ns: u64,
    /// The longest.
    pub stw_max_ns: u64,
    /// Pauses by kind ("GC mark termination", …).
    pub stw_by_kind: Vec<StwKind>,
    /// Mark-assist time by layer of the assisting stack.
    pub mark_assist: Vec<LayerTime>,
}

/// STW pauses of one kind.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StwKind {
    /// Kind string from the runtime.
    pub kind: String,
    /// Pauses.
    pub count: u64,
    /// Total.
    pub total_ns: u64,
    /// Longest.
    pub max_ns: u64,
}

/// Goroutine counts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Goroutines {
    /// Created during the trace.
    pub created: u64,
    /// Most alive at once.
    pub max_live: u64,
}

/// Time of goroutines working for one task name, by layer and state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TaskTime {
    /// Task name.
    pub task: String,
    /// Layer (see docs/trace.md for how each state's layer is chosen).
    pub layer: String,
    /// Running.
    pub running_ns: u64,
    /// Runnable.
    pub runnable_ns: u64,
    /// Blocked.
    pub blocked_ns: u64,
    /// In syscalls.
    pub syscall_ns: u64,
}

/// CPU samples by layer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CpuSamples {
    /// Samples in the trace.
    pub count: u64,
    /// Per layer.
    pub layers: Vec<LayerSamples>,
}

/// Samples of one layer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LayerSamples {
    /// Layer.
    pub layer: String,
    /// Samples.
    pub samples: u64,
}

/// A log key and how often it was logged.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LogKey {
    /// Key.
    pub key: String,
    /// Count.
    pub count: u64,
}

/// Truncation details.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Truncated {
    /// Offset where the dropped part begins.
    pub offset: u64,
    /// Bytes not analysed.
    pub dropped_bytes: u64,
    /// Incomplete generation.
    pub generation: Option<u64>,
    /// What was incomplete.
    pub reason: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Trace format version from the header ("1.26"; Go 1.27 also writes "1.26").
    pub go_version: String,
    /// First to last event.
    pub duration_ns: u64,
    /// Generations analysed.
    pub generations: u64,
    /// Timed events analysed.
    pub events: u64,
    /// Set when the end of the trace was dropped.
    pub truncated: Option<Truncated>,
    /// Tasks by name.
    pub tasks: Vec<DurationStats>,
    /// Regions by nesting path.
    pub regions: Vec<RegionStats>,
    /// Log keys.
    pub logs: Vec<LogKey>,
    /// Blocked time by reason and layer, largest first.
    pub blocking: Vec<Blocking>,
    /// Syscall time by layer.
    pub syscalls: Vec<LayerTime>,
    /// Scheduler wait (runnable → running) by layer of the goroutine's own last stack.
    pub sched_wait: Vec<LayerTime>,
    /// GC.
    pub gc: Gc,
    /// Goroutines.
    pub goroutines: Goroutines,
    /// Per task: time by layer and state.
    pub task_time: Vec<TaskTime>,
    /// CPU samples.
    pub cpu_samples: CpuSamples,
}

fn by_layer(map: &LayerMap, m: &std::collections::HashMap<strata_layers::LayerId, CountTime>) -> Vec<LayerTime> {
    let mut v: Vec<(usize, LayerTime)> = m
        .iter()
        .map(|(l, ct)| {
            let order = map.layers().position(|x| x == *l).unwrap_or(usize::MAX);
            (
                order,
                LayerTime {
                    layer: map.name(*l).to_string(),
                    count: ct.count,
                    total_ns: ct.total_ns,
                    unfinished_count: ct.unfinished_count,
                    unfinished_ns: ct.unfinished_ns,
                },
            )
        })
        .collect();
    v.sort_by(|a, b| b.1.total_ns.cmp(&a.1.total_ns).then(a.0.cmp(&b.0)));
    v.into_iter().map(|(_, t)| t).collect()
}

impl Report {
    /// Builds the report from an analysis.
    pub fn new(a: &Analysis, map: &LayerMap) -> Self {
        let mut tasks: Vec<DurationStats> =
            a.tasks.iter().map(|(n, h)| DurationStats::from_histogram(n.clone(), h)).collect();
        tasks.sort_by(|a, b| a.name.cmp(&b.name));
        let mut regions: Vec<RegionStats> = a
            .regions
            .iter()
            .map(|(path, v)| RegionStats {
                stats: DurationStats::from_histogram(path.last().cloned().unwrap_or_default(), v),
                path: path.clone(),
                depth: path.len().saturating_sub(1),
            })
            .collect();
        regions.sort_by(|a, b| a.path.cmp(&b.path));
        let mut logs: Vec<LogKey> = a.logs.iter().map(|(k, &c)| LogKey { key: k.clone(), count: c }).collect();
        logs.sort_by(|a, b| a.key.cmp(&b.key));
        let mut blocking: Vec<Blocking> = a
            .blocking
            .iter()
            .map(|((r, l), ct)| Blocking {
                reason: r.clone(),
                layer: map.name(*l).to_string(),
                count: ct.count,
                total_ns: ct.total_ns,
                unfinished_count: ct.unfinished_count,
                unfinished_ns: ct.unfinished_ns,
            })
            .collect();
        blocking.sort_by(|a, b| b.total_ns.cmp(&a.total_ns).then(a.reason.cmp(&b.reason)).then(a.layer.cmp(&b.layer)));
        let mut stw_by_kind: Vec<StwKind> = a
            .stw
            .iter()
            .map(|(k, h)| StwKind {
                kind: k.clone(),
                count: h.count(),
                total_ns: (h.mean() * h.count() as f64).round() as u64,
                max_ns: h.max(),
            })
            .collect();
        stw_by_kind.sort_by(|a, b| b.total_ns.cmp(&a.total_ns).then(a.kind.cmp(&b.kind)));
        let gc = Gc {
            count: a.gc_cycles,
            stw_count: stw_by_kind.iter().map(|k| k.count).sum(),
            stw_total_ns: stw_by_kind.iter().map(|k| k.total_ns).sum(),
            stw_max_ns: stw_by_kind.iter().map(|k| k.max_ns).max().unwrap_or(0),
            stw_by_kind,
            mark_assist: by_layer(map, &a.mark_assist),
        };
        let mut task_time: Vec<TaskTime> = a
            .task_time
            .iter()
            .map(|((t, l), s)| TaskTime {
                task: t.clone(),
                layer: map.name(*l).to_string(),
                running_ns: s.running_ns,
                runnable_ns: s.runnable_ns,
                blocked_ns: s.blocked_ns,
                syscall_ns: s.syscall_ns,
            })
            .collect();
        task_time.sort_by(|a, b| a.task.cmp(&b.task).then(a.layer.cmp(&b.layer)));
        let mut layers: Vec<LayerSamples> =
            a.cpu_samples.iter().map(|(l, &n)| LayerSamples { layer: map.name(*l).to_string(), samples: n }).collect();
        layers.sort_by(|a, b| b.samples.cmp(&a.samples).then(a.layer.cmp(&b.layer)));
        Report {
            schema: SCHEMA,
            go_version: a.version.map(|v| format!("1.{}", v.minor())).unwrap_or_default(),
            duration_ns: a.last_ns.saturating_sub(a.first_ns),
            generations: a.generations,
            events: a.events,
            truncated: a.truncation.as_ref().map(|t| Truncated {
                offset: t.offset,
                dropped_bytes: t.dropped_bytes,
                generation: t.generation,
                reason: t.reason.clone(),
            }),
            tasks,
            regions,
            logs,
            blocking,
            syscalls: by_layer(map, &a.syscalls),
            sched_wait: by_layer(map, &a.sched_wait),
            gc,
            goroutines: Goroutines { created: a.goroutines_created, max_live: a.max_live },
            task_time,
            cpu_samples: CpuSamples { count: a.cpu_samples.values().sum(), layers },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        let s = DurationStats::new("x".into(), &[2, 4, 4, 4, 5, 5, 7, 9]);
        assert_eq!((s.mean_ns, s.stddev_ns, s.max_ns, s.count), (5, 2, 9, 8));
    }
}
