#ifndef CLIENTS_LOAD_OP_STATS_H_
#define CLIENTS_LOAD_OP_STATS_H_

// What the run counts for each op: calls, successes, failures by status
// code, and the latency of every call. Each client thread keeps its own and
// they are merged at the end, so counting takes no lock.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "clients/load/latency_histogram.h"
#include "clients/load/mix.h"
#include "grpcpp/support/status.h"

namespace budget_load {

struct OpStats {
  int64_t calls = 0;
  int64_t ok = 0;
  std::map<grpc::StatusCode, int64_t> errors;  // by code, for the failed calls
  LatencyHistogram latency;                    // of every call, failed ones too

  // Counts one finished call.
  void Record(grpc::StatusCode code, std::chrono::nanoseconds latency);
  void Merge(const OpStats& other);
};

struct RunStats {
  std::array<OpStats, kOpCount> ops;
  // Open loop: calls the schedule had due before the end that were never
  // sent, because every slot was busy until then.
  int64_t unsent = 0;
  // Open loop: how long after its intended time each call was sent. The
  // latencies above count from the intended time, so this is the part of
  // them that is the generator's (a busy slot, a late thread), not the
  // server's.
  LatencyHistogram send_lateness;

  OpStats& of(Op op) { return ops[static_cast<int>(op)]; }
  const OpStats& of(Op op) const { return ops[static_cast<int>(op)]; }
  void Merge(const RunStats& other);
  int64_t calls() const;
  int64_t ok() const;
};

// "UNAVAILABLE", "ABORTED", ...: the code's name as gRPC documents it.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_OP_STATS_H_
