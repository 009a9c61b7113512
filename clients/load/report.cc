#include "clients/load/report.h"

#include <chrono>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace budget_load {
namespace {

// The figures of one op line, in report order.
struct Figures {
  double rate;
  std::vector<std::pair<const char*, double>> latencies_ms;  // p50, p90, p99, p999, max
};

double Ms(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

double PerSecond(int64_t calls, const RunResult& r) {
  const double s = r.elapsed.count();
  return s > 0 ? static_cast<double>(calls) / s : 0;
}

Figures FiguresOf(const OpStats& s, const RunResult& r) {
  const LatencyHistogram& h = s.latency;
  return Figures{PerSecond(s.calls, r),
                 {{"p50", Ms(h.Percentile(0.5))},
                  {"p90", Ms(h.Percentile(0.9))},
                  {"p99", Ms(h.Percentile(0.99))},
                  {"p999", Ms(h.Percentile(0.999))},
                  {"max", Ms(h.max())}}};
}

// Calls `each` for every op the report shows: those in the mix, and any
// other that made calls.
void ForEachShownOp(const Report& report, const std::function<void(Op, const OpStats&)>& each) {
  for (int i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    const OpStats& s = report.result.stats.of(op);
    if (report.plan.mix.Includes(op) || s.calls > 0) each(op, s);
  }
}

const char* ModeOf(const RunPlan& plan) { return plan.rate > 0 ? "rate" : "closed"; }

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void PrintText(std::ostream& out, const Report& report) {
  const RunResult& r = report.result;
  out << absl::StrFormat("run addr=%s round=%s mode=%s threads=%d concurrency=%d", report.plan.addr,
                         report.plan.workload.round, ModeOf(report.plan), r.threads,
                         report.plan.concurrency);
  if (report.plan.rate > 0) out << absl::StrFormat(" target_rate=%.1f/s", report.plan.rate);
  out << absl::StrFormat(" elapsed=%.3fs warmup_submissions=%d\n", r.elapsed.count(),
                         r.warmup_submissions);
  ForEachShownOp(report, [&](Op op, const OpStats& s) {
    const Figures f = FiguresOf(s, r);
    out << absl::StrFormat("op=%s calls=%d ok=%d rate=%.1f/s", OpName(op), s.calls, s.ok, f.rate);
    for (const auto& [name, ms] : f.latencies_ms) out << absl::StrFormat(" %s=%.3fms", name, ms);
    out << "\n";
    if (s.errors.empty()) return;
    out << "op=" << OpName(op) << " errors";
    for (const auto& [code, n] : s.errors) out << " " << StatusCodeName(code) << "=" << n;
    out << "\n";
  });
  out << absl::StrFormat("total calls=%d ok=%d rate=%.1f/s", r.stats.calls(), r.stats.ok(),
                         PerSecond(r.stats.calls(), r));
  if (report.plan.rate > 0) {
    const LatencyHistogram& late = r.stats.send_lateness;
    out << absl::StrFormat(" unsent=%d send_late_p50=%.3fms send_late_p99=%.3fms", r.stats.unsent,
                           Ms(late.Percentile(0.5)), Ms(late.Percentile(0.99)));
  }
  out << "\n";
}

void PrintJson(std::ostream& out, const Report& report) {
  const RunResult& r = report.result;
  std::vector<std::string> ops;
  ForEachShownOp(report, [&](Op op, const OpStats& s) {
    const Figures f = FiguresOf(s, r);
    std::string o = absl::StrFormat("\"%s\":{\"calls\":%d,\"ok\":%d,\"rate\":%.3f", OpName(op),
                                    s.calls, s.ok, f.rate);
    for (const auto& [name, ms] : f.latencies_ms)
      absl::StrAppendFormat(&o, ",\"%s_ms\":%.6f", name, ms);
    std::vector<std::string> errors;
    for (const auto& [code, n] : s.errors)
      errors.push_back(absl::StrFormat("\"%s\":%d", StatusCodeName(code), n));
    absl::StrAppend(&o, ",\"errors\":{", absl::StrJoin(errors, ","), "}}");
    ops.push_back(std::move(o));
  });
  out << absl::StrFormat(
      "{\"addr\":%s,\"round\":%s,\"mode\":\"%s\",\"threads\":%d,\"concurrency\":%d,"
      "\"target_rate\":%.3f,\"elapsed_s\":%.6f,\"warmup_submissions\":%d,\"ops\":{%s},"
      "\"total\":{\"calls\":%d,\"ok\":%d,\"rate\":%.3f,\"unsent\":%d,"
      "\"send_late_p50_ms\":%.6f,\"send_late_p99_ms\":%.6f}}\n",
      JsonString(report.plan.addr), JsonString(report.plan.workload.round), ModeOf(report.plan),
      r.threads, report.plan.concurrency, report.plan.rate, r.elapsed.count(), r.warmup_submissions,
      absl::StrJoin(ops, ","), r.stats.calls(), r.stats.ok(), PerSecond(r.stats.calls(), r),
      r.stats.unsent, Ms(r.stats.send_lateness.Percentile(0.5)),
      Ms(r.stats.send_lateness.Percentile(0.99)));
}

}  // namespace budget_load
