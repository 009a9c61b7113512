#include "services/api/api.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace budget {

Api::RpcSeries* Api::SeriesOf(absl::string_view method) const {
  if (options_.metrics == nullptr) return nullptr;
  base::MutexLock lock(&series_mu_);
  std::unique_ptr<RpcSeries>& series = series_[method];
  if (series == nullptr) {
    series = std::make_unique<RpcSeries>();
    series->latency =
        &options_.metrics->Histogram("budget_request_seconds", "Call latency by RPC, in seconds.",
                                     Metrics::LatencyBuckets(), {{"rpc", std::string(method)}});
  }
  return series.get();
}

void Api::Record(absl::string_view method, const absl::Status& status, absl::Time start,
                 absl::string_view actor, bool mutation) const {
  const absl::Duration took = absl::Now() - start;
  if (RpcSeries* series = SeriesOf(method); series != nullptr) {
    const size_t c = static_cast<size_t>(status.code());
    CounterCell* calls =
        c < series->by_code.size() ? series->by_code[c].load(std::memory_order_acquire) : nullptr;
    if (calls == nullptr) {
      // Two first calls may both get here: the registry gives both the same cell.
      calls = &options_.metrics->Counter(
          "budget_requests_total", "Calls by RPC and status code.",
          {{"rpc", std::string(method)}, {"code", absl::StatusCodeToString(status.code())}});
      if (c < series->by_code.size()) series->by_code[c].store(calls, std::memory_order_release);
    }
    calls->Increment();
    series->latency->Observe(absl::ToDoubleSeconds(took));
  }
  const bool refused = mutation && !status.ok();
  const bool slow = took > options_.slow_call;
  if (!refused && !slow) return;
  const std::string code = absl::StatusCodeToString(status.code());
  const std::string who = actor.empty() ? "-" : std::string(actor);
  if (refused) {
    log::Info("refused", {{"rpc", std::string(method)},
                          {"code", code},
                          {"actor", who},
                          {"reason", std::string(status.message())}});
  }
  if (slow) {
    log::Warning("slow_call", {{"rpc", std::string(method)},
                               {"code", code},
                               {"actor", who},
                               {"ms", absl::StrCat(absl::ToInt64Milliseconds(took))}});
  }
}

}  // namespace budget
