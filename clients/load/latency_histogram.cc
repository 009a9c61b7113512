#include "clients/load/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace budget_load {
namespace {

// A value v falls in bucket 1024 * s + (v >> s), where s is how far v must be
// shifted to fit in 11 bits: 2048 exact buckets, then 1024 per power of two.
constexpr int kSubBucketBits = 11;
constexpr int64_t kHalf = int64_t{1} << (kSubBucketBits - 1);
constexpr int64_t kMaxValue = (int64_t{1} << 42) - 1;  // ~73 minutes in ns
constexpr int kMaxShift = 42 - kSubBucketBits;
constexpr size_t kBuckets = static_cast<size_t>(kHalf * (kMaxShift + 2));

int Shift(int64_t v) {
  return std::max(0, static_cast<int>(std::bit_width(static_cast<uint64_t>(v))) - kSubBucketBits);
}

size_t BucketOf(int64_t v) {
  const int s = Shift(v);
  return static_cast<size_t>(kHalf * s + (v >> s));
}

// The largest value that falls in `bucket`.
int64_t HighestIn(size_t bucket) {
  const int64_t b = static_cast<int64_t>(bucket);
  const int s = b < 2 * kHalf ? 0 : static_cast<int>(b / kHalf) - 1;
  return ((b - kHalf * s) << s) + ((int64_t{1} << s) - 1);
}

}  // namespace

void LatencyHistogram::Record(std::chrono::nanoseconds latency) {
  const int64_t v = std::clamp<int64_t>(latency.count(), 0, kMaxValue);
  if (counts_.empty()) counts_.resize(kBuckets);
  ++counts_[BucketOf(v)];
  ++count_;
  max_ = std::max(max_, v);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (counts_.empty()) counts_.resize(kBuckets);
  for (size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::chrono::nanoseconds LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return std::chrono::nanoseconds(0);
  const int64_t rank = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil(q * static_cast<double>(count_) - 1e-9)), 1, count_);
  int64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::chrono::nanoseconds(std::min(HighestIn(i), max_));
  }
  return max();
}

}  // namespace budget_load
