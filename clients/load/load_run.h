#ifndef CLIENTS_LOAD_LOAD_RUN_H_
#define CLIENTS_LOAD_LOAD_RUN_H_

// A whole run: the client threads, the warm-up submissions the mix may need,
// and the measured phase whose counts the report shows.

#include <chrono>
#include <cstdint>
#include <string>

#include "clients/load/mix.h"
#include "clients/load/op_stats.h"
#include "clients/load/workload.h"

namespace budget_load {

struct RunPlan {
  std::string addr;
  int threads = 2;
  int concurrency = 64;  // calls in flight across all threads
  int channels = 1;      // per thread
  double rate = 0;       // calls/s across all threads; 0: as fast as possible
  // The measured phase's length; always set (a cap when count bounds the run).
  std::chrono::milliseconds duration{0};
  int64_t count = 0;  // calls at most; 0: no bound but the duration
  Mix mix = Mix::Only(Op::kNoop);
  Workload::Settings workload;
};

struct RunResult {
  RunStats stats;                         // the measured phase only
  std::chrono::duration<double> elapsed;  // from its first intended call until its last call ended
  int threads = 0;                        // as run: never more than the calls in flight
  int64_t warmup_submissions = 0;         // proposals submitted before it
};

// Runs `plan`: connects every thread's channels, submits a few proposals
// first when the mix needs some (as many as calls may be in flight, at least
// 16), then runs the measured phase and merges the threads' counts. Throws
// std::runtime_error when a channel cannot connect within 10 s or when no
// warm-up submission succeeds.
RunResult RunLoad(const RunPlan& plan);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_LOAD_RUN_H_
