#include "services/common/metrics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace budget {
namespace {

std::string LabelText(const Labels& labels, const Labels& extra = {}) {
  std::vector<std::string> parts;
  for (const auto* set : {&labels, &extra}) {
    for (const auto& [k, v] : *set) {
      std::string escaped;
      for (char c : v) {
        if (c == '\\' || c == '"') escaped.push_back('\\');
        if (c == '\n') {
          escaped += "\\n";
          continue;
        }
        escaped.push_back(c);
      }
      parts.push_back(absl::StrCat(k, "=\"", escaped, "\""));
    }
  }
  return parts.empty() ? "" : absl::StrCat("{", absl::StrJoin(parts, ","), "}");
}

std::string Number(double v) {
  if (v == static_cast<double>(static_cast<int64_t>(v)))
    return absl::StrCat(static_cast<int64_t>(v));
  return absl::StrCat(v);
}

}  // namespace

HistogramCell::HistogramCell(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void HistogramCell::Observe(double value) {
  const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  base::MutexLock lock(&mu_);
  counts_[bucket]++;
  sum_ += value;
  count_++;
}

void HistogramCell::Snapshot(std::vector<uint64_t>* cumulative, double* sum,
                             uint64_t* count) const {
  base::MutexLock lock(&mu_);
  cumulative->clear();
  uint64_t running = 0;
  for (uint64_t c : counts_) cumulative->push_back(running += c);
  *sum = sum_;
  *count = count_;
}

std::vector<double> Metrics::LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   10};
}

Metrics::Family& Metrics::FamilyFor(absl::string_view name, absl::string_view help,
                                    absl::string_view type) {
  Family& f = families_[std::string(name)];
  if (f.type.empty()) {
    f.help = std::string(help);
    f.type = std::string(type);
  }
  return f;
}

CounterCell& Metrics::Counter(absl::string_view name, absl::string_view help,
                              const Labels& labels) {
  base::MutexLock lock(&mu_);
  auto& cell = FamilyFor(name, help, "counter").counters[labels];
  if (cell == nullptr) cell = std::make_unique<CounterCell>();
  return *cell;
}

HistogramCell& Metrics::Histogram(absl::string_view name, absl::string_view help,
                                  std::vector<double> bounds, const Labels& labels) {
  base::MutexLock lock(&mu_);
  auto& cell = FamilyFor(name, help, "histogram").histograms[labels];
  if (cell == nullptr) cell = std::make_unique<HistogramCell>(std::move(bounds));
  return *cell;
}

void Metrics::Gauge(absl::string_view name, absl::string_view help, std::function<double()> read) {
  base::MutexLock lock(&mu_);
  FamilyFor(name, help, "gauge").gauge = std::move(read);
}

std::string Metrics::Render() const {
  std::string out;
  base::MutexLock lock(&mu_);
  for (const auto& [name, f] : families_) {
    absl::StrAppend(&out, "# HELP ", name, " ", f.help, "\n# TYPE ", name, " ", f.type, "\n");
    if (f.gauge) absl::StrAppend(&out, name, " ", Number(f.gauge()), "\n");
    for (const auto& [labels, c] : f.counters) {
      absl::StrAppend(&out, name, LabelText(labels), " ", c->value(), "\n");
    }
    for (const auto& [labels, h] : f.histograms) {
      std::vector<uint64_t> cumulative;
      double sum;
      uint64_t count;
      h->Snapshot(&cumulative, &sum, &count);
      for (size_t i = 0; i < cumulative.size(); ++i) {
        const std::string le = i < h->bounds().size() ? Number(h->bounds()[i]) : "+Inf";
        absl::StrAppend(&out, name, "_bucket", LabelText(labels, {{"le", le}}), " ", cumulative[i],
                        "\n");
      }
      absl::StrAppend(&out, name, "_sum", LabelText(labels), " ", Number(sum), "\n");
      absl::StrAppend(&out, name, "_count", LabelText(labels), " ", count, "\n");
    }
  }
  return out;
}

}  // namespace budget
