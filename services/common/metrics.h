#ifndef SERVICES_COMMON_METRICS_H_
#define SERVICES_COMMON_METRICS_H_

// Counters, gauges and histograms, rendered in the Prometheus text format.
// Series are created on first use and live as long as the registry. Label
// values must come from a bounded set (RPC names, status codes, event types),
// never from user input.
//
// Example:
//   Metrics m;
//   m.Counter("budget_requests_total", "Calls by RPC and status.",
//             {{"rpc", "CreateRound"}, {"code", "OK"}}).Increment();
//   std::string page = m.Render();
//
// Thread safety: every method may be called concurrently.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "base/sync.h"

namespace budget {

using Labels = std::vector<std::pair<std::string, std::string>>;

class CounterCell {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class HistogramCell {
 public:
  explicit HistogramCell(std::vector<double> bounds);
  void Observe(double value);
  // Cumulative counts per bound (then +Inf), sum and count.
  void Snapshot(std::vector<uint64_t>* cumulative, double* sum, uint64_t* count) const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  mutable base::Mutex mu_;
  std::vector<uint64_t> counts_ ABSL_GUARDED_BY(mu_);  // per bucket, last is +Inf
  double sum_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t count_ ABSL_GUARDED_BY(mu_) = 0;
};

class Metrics {
 public:
  // Latency buckets in seconds: 100 µs .. 10 s.
  static std::vector<double> LatencyBuckets();

  CounterCell& Counter(absl::string_view name, absl::string_view help, const Labels& labels = {});
  HistogramCell& Histogram(absl::string_view name, absl::string_view help,
                           std::vector<double> bounds, const Labels& labels = {});
  // A gauge read when the page is rendered.
  void Gauge(absl::string_view name, absl::string_view help, std::function<double()> read);

  std::string Render() const;

 private:
  struct Family {
    std::string help;
    std::string type;  // counter, gauge, histogram
    std::map<Labels, std::unique_ptr<CounterCell>> counters;
    std::map<Labels, std::unique_ptr<HistogramCell>> histograms;
    std::function<double()> gauge;
  };
  Family& FamilyFor(absl::string_view name, absl::string_view help, absl::string_view type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable base::Mutex mu_;
  std::map<std::string, Family> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace budget

#endif  // SERVICES_COMMON_METRICS_H_
