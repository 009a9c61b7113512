#include "clients/load/options.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "clients/budgetctl/errors.h"
#include "clients/load/loopback.h"

namespace budget_load {
namespace {

std::chrono::milliseconds Milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

}  // namespace

Options ParseOptions(CLI::App& app, int argc, char** argv) {
  using budgetctl::UsageError;
  Options o;
  std::string mix = "submit=60,amend=20,claim=5,get=10,list=5,noop=0";
  double duration_s = 0;
  double timeout_s = 10;
  o.addr = "127.0.0.1:50051";
  o.tokens_file = ".budget/demo-tokens";
  app.add_option("--addr", o.addr,
                 "budgetd's address; loopback only (127.0.0.0/8, [::1], localhost)")
      ->envname("BUDGET_ADDR")
      ->capture_default_str();
  CLI::Option* tokens =
      app.add_option("--tokens", o.tokens_file,
                     "NAME=token lines: BUDGET_TOKEN_CASE_WORKER, _SOCIAL, _AUDITOR, "
                     "_COORDINATOR (as the mix needs); the environment overrides them")
          ->capture_default_str();
  app.add_option("--threads", o.threads,
                 "client threads, each with its own completion queue and channels")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--concurrency", o.concurrency, "calls in flight at most, across all threads")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--channels", o.channels, "channels (connections) per thread")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--mix", mix, "op weights: submit, amend, claim, get, list, noop (a health check)")
      ->capture_default_str();
  app.add_option("--rate", o.rate,
                 "offered calls/s across all threads (open loop; latency from each call's intended "
                 "send time); without it, as fast as possible")
      ->check(CLI::Range(0.1, 1e6));
  CLI::Option* duration = app.add_option("--duration", duration_s, "seconds to run (at most 3600)")
                              ->check(CLI::Range(0.01, 3600.0));
  CLI::Option* count = app.add_option("--count", o.count, "calls to send at most")
                           ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  app.add_option("--timeout", timeout_s, "each call's deadline in seconds")
      ->check(CLI::Range(0.01, 600.0))
      ->capture_default_str();
  app.add_flag("--setup", o.setup,
               "first create the round (safe to repeat) with submissions and claims open now");
  app.add_option("--round", o.round, "the round's id")->capture_default_str();
  app.add_flag("--json", o.json, "print the report as one JSON object");
  app.add_flag("--unchecked", o.unchecked,
               "do not read the round first (a server that serves only SubmitProposal, as the "
               "benchmark's minimal durable server)")
      ->excludes("--setup");
  app.parse(argc, argv);

  o.mix = Mix::Parse(mix);
  o.tokens_given = tokens->count() > 0;
  if (duration->count() == 0 && count->count() == 0) {
    throw UsageError(
        "give --duration SECONDS or --count CALLS (or both): a run must end by itself");
  }
  o.duration =
      duration->count() > 0 ? Milliseconds(duration_s) : std::chrono::milliseconds(kMaxDuration);
  o.timeout = Milliseconds(timeout_s);
  if (!IsLoopbackAddress(o.addr)) {
    throw UsageError(
        absl::StrCat("refusing --addr ", o.addr,
                     ": budget-load sends load only to this machine (127.0.0.0/8, [::1] "
                     "or localhost, with a port)"));
  }
  return o;
}

}  // namespace budget_load
