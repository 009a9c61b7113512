#include "services/api/api.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace budget {

void Api::Record(absl::string_view method, const absl::Status& status, absl::Time start,
                 absl::string_view actor, bool mutation) const {
  const absl::Duration took = absl::Now() - start;
  const std::string code = absl::StatusCodeToString(status.code());
  if (options_.metrics != nullptr) {
    options_.metrics
        ->Counter("budget_requests_total", "Calls by RPC and status code.",
                  {{"rpc", std::string(method)}, {"code", code}})
        .Increment();
    options_.metrics
        ->Histogram("budget_request_seconds", "Call latency by RPC, in seconds.",
                    Metrics::LatencyBuckets(), {{"rpc", std::string(method)}})
        .Observe(absl::ToDoubleSeconds(took));
  }
  const std::string who = actor.empty() ? "-" : std::string(actor);
  if (mutation && !status.ok()) {
    log::Info("refused", {{"rpc", std::string(method)},
                          {"code", code},
                          {"actor", who},
                          {"reason", std::string(status.message())}});
  }
  if (took > options_.slow_call) {
    log::Warning("slow_call", {{"rpc", std::string(method)},
                               {"code", code},
                               {"actor", who},
                               {"ms", absl::StrCat(absl::ToInt64Milliseconds(took))}});
  }
}

}  // namespace budget
