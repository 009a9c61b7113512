#ifndef CLIENTS_LOAD_REPORT_H_
#define CLIENTS_LOAD_REPORT_H_

// The report after a run, for people (one key=value line per op, stable to
// grep) or as one JSON object (--json) for scripts.

#include <ostream>
#include <string>

#include "clients/load/load_run.h"

namespace budget_load {

// What the report describes: the run's settings and its result.
struct Report {
  RunPlan plan;
  RunResult result;
};

// Lines of key=value pairs, in this order:
//   run addr=... round=... mode=closed|rate threads=2 concurrency=64
//     [target_rate=200.0/s] elapsed=2.004s warmup_submissions=64
//   op=submit calls=123 ok=120 rate=61.4/s p50=1.234ms p90=... p99=...
//     p999=... max=...
//   op=submit errors UNAVAILABLE=3   (only when some call of the op failed)
//   total calls=... ok=... rate=.../s [unsent=0]   (unsent: --rate only)
// One op line for each op in the mix, and for any other op that made calls
// (submit, standing in for an op that found no proposal).
void PrintText(std::ostream& out, const Report& report);

// The same as one JSON object: {"addr", "round", "mode", "threads",
// "concurrency", "target_rate", "elapsed_s", "warmup_submissions",
// "ops": {"submit": {"calls", "ok", "rate", "p50_ms", "p90_ms", "p99_ms",
// "p999_ms", "max_ms", "errors": {"UNAVAILABLE": 3}}, ...},
// "total": {"calls", "ok", "rate", "unsent"}}, then a newline.
void PrintJson(std::ostream& out, const Report& report);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_REPORT_H_
