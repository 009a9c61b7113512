#ifndef CLIENTS_LOAD_LATENCY_HISTOGRAM_H_
#define CLIENTS_LOAD_LATENCY_HISTOGRAM_H_

// Latencies kept HDR-style: exact below 2048 ns, and above that in buckets
// 1/1024 of their value wide, so an hour of calls costs a fixed ~280 KB and
// every percentile is within 0.1 % of the true one.

#include <chrono>
#include <cstdint>
#include <vector>

namespace budget_load {

class LatencyHistogram {
 public:
  // Adds one latency. Negative values count as 0; values above ~73 minutes
  // as ~73 minutes (the call deadline is far below that).
  void Record(std::chrono::nanoseconds latency);

  // Adds every value recorded in `other`.
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }

  // The largest value recorded, exactly; 0 when empty.
  std::chrono::nanoseconds max() const { return std::chrono::nanoseconds(max_); }

  // The value at quantile `q` (0 < q <= 1): the smallest v such that at
  // least q of all values are <= v, to within 0.1 %. Never above max(), so
  // percentiles of one histogram are ordered; Percentile(1) == max(). 0 when empty.
  std::chrono::nanoseconds Percentile(double q) const;

 private:
  std::vector<int64_t> counts_;  // sized on first use: an op never drawn costs nothing
  int64_t count_ = 0;
  int64_t max_ = 0;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_LATENCY_HISTOGRAM_H_
