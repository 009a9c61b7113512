#ifndef CLIENTS_LOAD_OPTIONS_H_
#define CLIENTS_LOAD_OPTIONS_H_

// budget-load's command line.

#include <chrono>
#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/load/mix.h"

namespace budget_load {

// The longest a run may last, whatever --duration or --count say.
inline constexpr std::chrono::seconds kMaxDuration{3600};

struct Options {
  std::string addr;
  std::string tokens_file;
  bool tokens_given = false;  // --tokens was given: the file must exist
  int threads = 2;
  int concurrency = 64;
  int channels = 1;  // per thread
  Mix mix = Mix::Only(Op::kNoop);
  double rate = 0;  // calls/s; 0: as fast as possible
  std::chrono::milliseconds duration = kMaxDuration;
  int64_t count = 0;  // 0: no bound but the duration
  std::chrono::milliseconds timeout{10000};
  bool setup = false;
  std::string round = "load";
  bool json = false;
  // Do not read the round before the run: for a server that answers only the
  // benchmark's calls (tests/bench/minimal_durable_server.cc).
  bool unchecked = false;
};

// Parses the command line into `app`'s flags. Throws CLI::ParseError for
// what CLI11 reports itself (--help included: hand it to app.exit), and
// budgetctl::UsageError for a --mix that does not parse, neither --duration
// nor --count, or an --addr that is not a loopback address.
Options ParseOptions(CLI::App& app, int argc, char** argv);

}  // namespace budget_load

#endif  // CLIENTS_LOAD_OPTIONS_H_
