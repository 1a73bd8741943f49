//! Percentiles and the markdown tables the bench prints (pasted into BENCHMARKS.md).

use std::time::Duration;

/// Timings of one variant, sorted once.
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        Samples(samples)
    }

    pub fn percentile(&self, p: f64) -> f64 {
        let index = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        micros(self.0[index.min(self.0.len() - 1)])
    }

    pub fn median(&self) -> f64 {
        self.percentile(0.5)
    }
}

pub fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// The loopback rows: each variant, then what each layer adds.
pub fn loopback(calls: usize, hand: &Samples, pipeline: &Samples, generated: &Samples) {
    println!("\n## Per-call overhead: {calls} sequential calls per variant, loopback HTTPS\n");
    println!("| call | median | p90 |");
    println!("|---|---:|---:|");
    for (name, s) in [
        ("hand-written reqwest 0.13 + serde_json", hand),
        (
            "azure_core 1.1 pipeline, same policies, URL and request built by hand",
            pipeline,
        ),
        ("generated `graph.users().revoke_sign_in_sessions`", generated),
    ] {
        println!("| {name} | {:.1} µs | {:.1} µs |", s.median(), s.percentile(0.9));
    }
    println!("\n| layer | median | p90 |");
    println!("|---|---:|---:|");
    for (name, over, base) in [
        ("azure_core's pipeline (pipeline − hand-written)", pipeline, hand),
        ("our code (generated − pipeline), budget ≤ 3 %", generated, pipeline),
        ("whole generated client (generated − hand-written)", generated, hand),
    ] {
        println!(
            "| {name} | {} | {} |",
            delta(over.median(), base.median()),
            delta(over.percentile(0.9), base.percentile(0.9))
        );
    }
}

/// The in-process rows (no socket): the client-side cost of each layer alone.
pub fn in_process(calls: usize, pipeline: &Samples, generated: &Samples, loopback_pipeline: f64) {
    println!("\n## Client-side cost without the network: {calls} calls per variant, canned transport\n");
    println!("| call | median | p90 |");
    println!("|---|---:|---:|");
    println!(
        "| azure_core pipeline, URL and request built by hand | {:.2} µs | {:.2} µs |",
        pipeline.median(),
        pipeline.percentile(0.9)
    );
    println!(
        "| generated call | {:.2} µs | {:.2} µs |",
        generated.median(),
        generated.percentile(0.9)
    );
    let ours = generated.median() - pipeline.median();
    println!(
        "| our code (generated − pipeline) | {ours:+.2} µs = {:+.1} % of the loopback pipeline call | |",
        ours / loopback_pipeline * 100.0
    );
}

/// `+8.4 µs (+9.4 %)`: the difference and its share of `base`.
fn delta(over: f64, base: f64) -> String {
    format!("{:+.1} µs ({:+.1} %)", over - base, (over / base - 1.0) * 100.0)
}

/// The decode rows: one big page through each path.
pub fn decodes(sessions: usize, page_bytes: usize, runs: usize, rows: [(&str, Samples); 3]) {
    let mb = page_bytes as f64 / 1e6;
    println!("\n## Decode throughput: one page of {sessions} AVD user sessions ({mb:.2} MB), median of {runs}\n");
    println!("| path | median | sessions/s | MB/s |");
    println!("|---|---:|---:|---:|");
    for (name, samples) in rows {
        let median = samples.median() / 1e6;
        println!(
            "| {name} | {:.2} ms | {:.0} | {:.0} |",
            median * 1e3,
            sessions as f64 / median,
            mb / median
        );
    }
}
