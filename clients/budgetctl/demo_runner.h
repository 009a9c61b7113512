#ifndef CLIENTS_BUDGETCTL_DEMO_RUNNER_H_
#define CLIENTS_BUDGETCTL_DEMO_RUNNER_H_

// How `budgetctl demo` talks to budgetd: as one of several roles per call,
// on the server's demo clock, with request ids derived from the round id and
// the step's number, so running the demo again against the same server is
// answered from the server's request records and writes nothing.

#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "budget/v1/mutation.pb.h"
#include "clients/budgetctl/connection.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/output.h"
#include "clients/budgetctl/rpc.h"

namespace budgetctl::demo {

// The roles of ./run.sh's demo tokens (scripts/start-server.sh).
enum class Role {
  kCoordinator,
  kCaseWorker,
  kSocial,
  kChildren,
  kTechnical,
  kCouncil,
  kHmu,
  kWorkplace,
  kAuditor,
  kAdmin,
  kEmployee,
  kFinanceCommittee,
};

// The token file's variable of each role, in Role order: BUDGET_TOKEN_COORDINATOR, ...
const std::vector<std::string>& TokenNames();

// The committee role acting for `committee_id` (socialudvalget,
// boerne-og-uddannelsesudvalget, teknik-og-miljoeudvalget). Throws
// CommandError for a committee that has no demo token.
Role CommitteeRole(const std::string& committee_id);

// A step failed; its failure is already on stderr. `code` is the exit code.
struct Stopped {
  int code;
};

// Plays a demo and prints its report: `play()` records the steps (their
// progress lines are for people: with `json` they are silenced, only the
// report is printed), `fetch()` reads the outcome, `report(outcome)` prints
// it. Returns kOk, or the code of the step that stopped the demo.
template <class Play, class Fetch, class Report>
int PlayAndReport(bool json, Play play, Fetch fetch, Report report) {
  std::streambuf* const stdout_buffer = std::cout.rdbuf();
  std::ostringstream quiet;
  if (json) std::cout.rdbuf(quiet.rdbuf());
  try {
    play();
    const auto outcome = fetch();
    std::cout.rdbuf(stdout_buffer);
    report(outcome);
    return kOk;
  } catch (const Stopped& stopped) {
    std::cout.rdbuf(stdout_buffer);
    return stopped.code;
  } catch (...) {
    std::cout.rdbuf(stdout_buffer);
    throw;
  }
}

class Runner {
 public:
  // `base` carries the address and TLS settings; `tokens` maps TokenNames()
  // to tokens. `verbose` prints every step.
  Runner(const Session& base, const std::map<std::string, std::string>& tokens,
         std::string round_id, bool verbose);

  const std::string& round_id() const { return round_id_; }
  // "rounds/<round id>"
  const std::string& round() const { return round_; }

  // Asks whether the round exists already: then this is a re-run (or a run
  // resumed after a failure), and a clock already past a step's time is
  // expected. Throws Stopped when the server cannot be asked.
  void CheckStart();
  bool resumed() const { return resumed_; }

  // A heading for the steps that follow, for people.
  void Phase(const std::string& when, const std::string& what) const;

  // Moves the server's clock to `instant` (RFC 3339) with AdminService.SetClock.
  // A clock already past it is skipped on a re-run and an error on a fresh
  // run (the events would carry the wrong dates). Throws Stopped.
  void At(const std::string& instant);

  // One mutating call as `role`: the next step, with the request id
  // "demo-<round id>-<step>". Throws Stopped when it fails.
  template <typename Stub, typename Req>
  budget::v1::CommandResponse Do(Role role, Method<Stub, Req, budget::v1::CommandResponse> method,
                                 Req request, const std::string& what) {
    ++steps_;
    request.set_request_id(absl::StrFormat("demo-%s-%04d", round_id_, steps_));
    budget::v1::CommandResponse response;
    if (int code = Call(As(role), method, request, &response, request.request_id()); code != kOk) {
      std::cerr << "demo stopped at step " << steps_ << " (" << what
                << "). The steps before it are "
                << "recorded: fix the cause and run the demo again; they come back deduplicated.\n";
      throw Stopped{code};
    }
    (response.deduplicated() ? deduplicated_ : written_)++;
    if (verbose_) {
      std::cout << absl::StrFormat("  %04d  %s: %s%s\n", steps_, what, ResourceName(response),
                                   response.deduplicated() ? " (already recorded)" : "");
    }
    return response;
  }

  // A read as `role`. Throws Stopped when it fails.
  template <typename Stub, typename Req, typename Resp>
  Resp Read(Role role, Method<Stub, Req, Resp> method, const Req& request) const {
    Resp response;
    if (int code = Call(As(role), method, request, &response); code != kOk) throw Stopped{code};
    return response;
  }

  // The names the server gave, by the script's keys ("X1" ->
  // "rounds/2024/proposals/P-0001"). Name throws CommandError for a key
  // never remembered.
  void Remember(const std::string& key, const std::string& name) { names_[key] = name; }
  const std::string& Name(const std::string& key) const;

  int steps() const { return steps_; }
  int written() const { return written_; }
  int deduplicated() const { return deduplicated_; }

 private:
  const Session& As(Role role) const { return sessions_.at(static_cast<size_t>(role)); }

  std::vector<Session> sessions_;  // in Role order
  std::string round_id_;
  std::string round_;
  bool verbose_;
  bool resumed_ = false;
  int steps_ = 0;
  int written_ = 0;
  int deduplicated_ = 0;
  std::map<std::string, std::string> names_;
};

}  // namespace budgetctl::demo

#endif  // CLIENTS_BUDGETCTL_DEMO_RUNNER_H_
