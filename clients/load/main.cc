// budget-load: an asynchronous gRPC load generator for budgetd. Keeps a fixed
// number of calls in flight (or offers a fixed rate) with a weighted mix of
// submissions, amendments, claims, reads and no-op health checks, then
// reports throughput and latency percentiles per op.

#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/budgetctl/errors.h"
#include "clients/load/identity.h"
#include "clients/load/load_run.h"
#include "clients/load/options.h"
#include "clients/load/report.h"
#include "clients/load/round_setup.h"
#include "grpcpp/create_channel.h"

namespace {

using namespace budget_load;

int Run(const Options& options) {
  const Identity identity =
      ReadIdentity(options.tokens_file, options.tokens_given, options.mix, options.setup);
  // The set-up and the check go over a channel of their own, before the load.
  const auto channel = grpc::CreateChannel(options.addr, grpc::InsecureChannelCredentials());
  if (options.setup) SetUpRound(channel, options.round, identity.coordinator, options.timeout);
  if (!options.unchecked && (options.setup || options.mix.UsesRound())) {
    CheckRound(channel, options.round, identity.auditor, options.mix, options.timeout);
  }
  Report report;
  report.plan = RunPlan{.addr = options.addr,
                        .threads = options.threads,
                        .concurrency = options.concurrency,
                        .channels = options.channels,
                        .rate = options.rate,
                        .duration = options.duration,
                        .count = options.count,
                        .mix = options.mix,
                        .workload = {.round = absl::StrCat("rounds/", options.round),
                                     .identity = identity,
                                     .timeout = options.timeout}};
  report.result = RunLoad(report.plan);
  if (options.json) {
    PrintJson(std::cout, report);
  } else {
    PrintText(std::cout, report);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "budget-load: sends budgetd a mix of calls from several threads, asynchronously, and reports "
      "throughput and latency percentiles per op. Loopback addresses only.",
      "budget-load");
  app.footer(
      "\nExamples:\n"
      "  budget-load --setup --duration 10                     the default mix, as fast as it "
      "goes\n"
      "  budget-load --mix noop=1 --concurrency 64 --count 100000\n"
      "  budget-load --mix get=1 --rate 500 --duration 30      open loop at 500 calls/s\n"
      "\nExit codes: 0 the run finished (failed calls are in the report), 1 the round or the "
      "server\n"
      "was not ready, 2 a usage error.");
  budget_load::Options options;
  try {
    options = budget_load::ParseOptions(app, argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? budgetctl::kOk : budgetctl::kInvalidInput;
  } catch (const budgetctl::UsageError& e) {
    std::cerr << "budget-load: " << e.what() << "\n";
    return budgetctl::kInvalidInput;
  }
  try {
    return Run(options);
  } catch (const budgetctl::UsageError& e) {
    std::cerr << "budget-load: " << e.what() << "\n";
    return budgetctl::kInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "budget-load: " << e.what() << "\n";
    return budgetctl::kOtherError;
  }
}
