#include "clients/load/op_stats.h"

#include "absl/status/status.h"

namespace budget_load {

void OpStats::Record(grpc::StatusCode code, std::chrono::nanoseconds elapsed) {
  ++calls;
  if (code == grpc::StatusCode::OK) {
    ++ok;
  } else {
    ++errors[code];
  }
  latency.Record(elapsed);
}

void OpStats::Merge(const OpStats& other) {
  calls += other.calls;
  ok += other.ok;
  for (const auto& [code, n] : other.errors) errors[code] += n;
  latency.Merge(other.latency);
}

void RunStats::Merge(const RunStats& other) {
  for (int i = 0; i < kOpCount; ++i) ops[i].Merge(other.ops[i]);
  unsent += other.unsent;
  send_lateness.Merge(other.send_lateness);
}

int64_t RunStats::calls() const {
  int64_t n = 0;
  for (const OpStats& s : ops) n += s.calls;
  return n;
}

int64_t RunStats::ok() const {
  int64_t n = 0;
  for (const OpStats& s : ops) n += s.ok;
  return n;
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are Abseil's, number for number.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace budget_load
