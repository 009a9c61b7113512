// budget_crash_test: acknowledged means durable, under SIGKILL.
//
// Starts budgetd on a temporary directory, drives it with concurrent clients
// that submit, amend and claim with request ids, records every request
// acknowledged OK, kills the server with SIGKILL at a random moment, restarts
// it and checks that
//   - every acknowledged request is there: its retry answers "deduplicated"
//     with the original position and resource;
//   - no request took effect twice (each submitted title exists once, after
//     the unacknowledged ones are retried too);
//   - the hash chain verifies;
//   - the server's projection equals a fresh replay of its log.
// Then again, for --cycles cycles. Prints
//   crash cycles: N, acknowledged lost: K
// and exits non-zero unless every check held.
//
// Usage: budget_crash_test --budgetd PATH [--cycles N] [--clients N] [--seed N]
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "budget/v1/allocation_service.grpc.pb.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "services/core/replay.h"
#include "services/domain/time_util.h"
#include "tests/api/server_fixture.h"
#include "tests/testing/temp_dir.h"

extern char** environ;

namespace {

using namespace budget;  // NOLINT: a test program

constexpr char kRound[] = "rounds/crash";
constexpr char kCommittee[] = "rounds/crash/committees/socialudvalget";

int failures = 0;
#define CHECK_OR_COUNT(cond, ...)                                                               \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      ++failures;                                                                               \
      std::fprintf(stderr, "check failed: %s: %s\n", #cond, absl::StrCat(__VA_ARGS__).c_str()); \
    }                                                                                           \
  } while (0)

// A running budgetd process.
class Process {
 public:
  Process(const std::string& binary, const std::string& data_dir, const std::string& tokens) {
    int out[2];
    if (pipe(out) != 0) std::abort();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const int devnull = open("/dev/null", O_WRONLY);
    posix_spawn_file_actions_adddup2(&actions, devnull, 2);
    std::vector<std::string> args = {
        binary, "--data_dir",   data_dir, "--listen",    "127.0.0.1:0", "--metrics_listen",
        "",     "--token_file", tokens,   "--log_level", "error",       "--snapshot_interval",
        "500"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0)
      std::abort();
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(devnull);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {0};
    if (fgets(line, sizeof line, f) == nullptr) {
      std::fprintf(stderr, "budgetd did not start\n");
      std::exit(2);
    }
    const char* at = std::strstr(line, "listening on ");
    if (at == nullptr) std::exit(2);
    address_ = std::string(at + 13);
    address_ = address_.substr(0, address_.find(' '));
    fclose(f);
  }
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  void Stop() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  const std::string& address() const { return address_; }

 private:
  pid_t pid_ = 0;
  std::string address_;
};

std::unique_ptr<grpc::ClientContext> As(v1::Role role) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + budget::testing::TokenFor(role));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

// One mutating request, kept so it can be retried byte for byte.
struct Request {
  enum Kind { kSubmit, kAmend, kClaim } kind;
  std::string request_id;
  std::string bytes;
  bool acknowledged = false;
  // Answered with a refusal (a stale version, a closed claim): nothing to
  // expect of it any more.
  bool settled = false;
  uint64_t position = 0;
  std::string resource;
};

grpc::Status Send(grpc::Channel* channel, const Request& r, v1::CommandResponse* resp) {
  switch (r.kind) {
    case Request::kSubmit: {
      v1::SubmitProposalRequest req;
      req.ParseFromString(r.bytes);
      return v1::ProposalService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](auto*) {}))
          ->SubmitProposal(As(v1::ROLE_CASE_WORKER).get(), req, resp);
    }
    case Request::kAmend: {
      v1::AmendProposalRequest req;
      req.ParseFromString(r.bytes);
      return v1::ProposalService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](auto*) {}))
          ->AmendProposal(As(v1::ROLE_CASE_WORKER).get(), req, resp);
    }
    case Request::kClaim: {
      v1::ClaimProposalRequest req;
      req.ParseFromString(r.bytes);
      return v1::CommitteeService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](auto*) {}))
          ->ClaimProposal(As(v1::ROLE_COMMITTEE).get(), req, resp);
    }
  }
  return grpc::Status::CANCELLED;
}

void CreateRound(grpc::Channel* channel) {
  auto rounds = v1::RoundService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](auto*) {}));
  v1::CommandResponse resp;
  v1::CreateRoundRequest r;
  r.set_request_id("crash-round");
  r.set_round_id("crash");
  r.set_municipality("Crashtest Kommune");
  r.set_budget_year(2030);
  if (!rounds->CreateRound(As(v1::ROLE_COORDINATOR).get(), r, &resp).ok()) std::exit(2);
  const absl::Time now = absl::Now();
  for (auto [kind, at] :
       {std::pair{v1::MILESTONE_WORK_STARTED, now - absl::Hours(24)},
        std::pair{v1::MILESTONE_CLAIMS_DEADLINE, now + absl::Hours(24 * 365)},
        std::pair{v1::MILESTONE_PROPOSALS_PRESENTED, now + absl::Hours(24 * 400)}}) {
    v1::SetMilestoneRequest m;
    m.set_request_id(absl::StrCat("crash-ms-", kind));
    m.set_round(kRound);
    m.set_kind(kind);
    *m.mutable_planned_at() = ToProto(at);
    if (!rounds->SetMilestone(As(v1::ROLE_COORDINATOR).get(), m, &resp).ok()) std::exit(2);
  }
  v1::DefineCommitteeRequest c;
  c.set_request_id("crash-committee");
  c.set_parent(kRound);
  c.set_committee_id("socialudvalget");
  c.mutable_committee()->set_display_name("Socialudvalget");
  if (!rounds->DefineCommittee(As(v1::ROLE_COORDINATOR).get(), c, &resp).ok()) std::exit(2);
}

// Drives the server until a call fails (the server died) or `stop` is set.
void Client(int cycle, int id, uint64_t seed, grpc::Channel* channel, std::atomic<bool>* stop,
            std::vector<Request>* out) {
  std::mt19937_64 rng(seed);
  std::map<std::string, int64_t> versions;  // my proposals, and their versions
  std::vector<std::string> unclaimed;
  for (int n = 0; !stop->load(); ++n) {
    Request r;
    r.request_id = absl::StrCat("c", cycle, "-t", id, "-", n);
    const int pick = static_cast<int>(rng() % 10);
    if (pick < 5 || versions.empty()) {
      r.kind = Request::kSubmit;
      v1::SubmitProposalRequest req;
      req.set_request_id(r.request_id);
      req.set_parent(kRound);
      v1::ProposalContent* c = req.mutable_content();
      c->set_title(r.request_id);  // unique: a request applied twice would show twice
      c->set_category(v1::CATEGORY_CONSUMPTION);
      c->add_committees(kCommittee);
      *c->mutable_implementation_start() = MakeDate(2030, 1, 1);
      c->set_full_implementation_kr(static_cast<int64_t>(rng() % 1'000'000));
      c->set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
      r.bytes = req.SerializeAsString();
    } else if (pick < 8 || unclaimed.empty()) {
      r.kind = Request::kAmend;
      auto it = versions.begin();
      std::advance(it, rng() % versions.size());
      v1::AmendProposalRequest req;
      req.set_request_id(r.request_id);
      req.set_name(it->first);
      req.set_expected_version(it->second);
      req.mutable_content()->set_full_implementation_kr(static_cast<int64_t>(rng() % 1'000'000));
      req.mutable_update_mask()->add_paths("full_implementation_kr");
      r.bytes = req.SerializeAsString();
    } else {
      r.kind = Request::kClaim;
      v1::ClaimProposalRequest req;
      req.set_request_id(r.request_id);
      req.set_proposal(unclaimed.back());
      req.set_committee(kCommittee);
      unclaimed.pop_back();
      r.bytes = req.SerializeAsString();
    }
    v1::CommandResponse resp;
    grpc::Status s = Send(channel, r, &resp);
    const bool refused = s.error_code() == grpc::StatusCode::ABORTED ||
                         s.error_code() == grpc::StatusCode::FAILED_PRECONDITION;
    if (s.ok()) {
      r.acknowledged = true;
      r.position = resp.log_position();
      r.resource = resp.proposal().name();
      if (r.kind != Request::kClaim) versions[resp.proposal().name()] = resp.proposal().version();
      if (r.kind == Request::kSubmit) unclaimed.push_back(resp.proposal().name());
    }
    r.settled = refused;
    out->push_back(std::move(r));
    if (!s.ok() && !refused) return;  // the server is gone; a retry comes after the restart
  }
}

// The proposals as the server shows them, without fields computed at read time.
std::map<std::string, v1::Proposal> ServerProposals(grpc::Channel* channel) {
  auto stub = v1::ProposalService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](auto*) {}));
  std::map<std::string, v1::Proposal> out;
  v1::ListProposalsRequest req;
  req.set_parent(kRound);
  req.set_page_size(1000);
  for (;;) {
    v1::ListProposalsResponse resp;
    if (!stub->ListProposals(As(v1::ROLE_AUDITOR).get(), req, &resp).ok()) std::exit(2);
    for (v1::Proposal p : resp.proposals()) {
      p.clear_hearing_status();
      out[p.name()] = p;
    }
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string budgetd;
  int cycles = 5, clients = 8;
  uint64_t seed = absl::ToUnixNanos(absl::Now());
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--budgetd") budgetd = value();
    if (a == "--cycles") cycles = std::stoi(value());
    if (a == "--clients") clients = std::stoi(value());
    if (a == "--seed") seed = std::stoull(value());
  }
  if (budgetd.empty()) {
    std::fprintf(stderr,
                 "usage: budget_crash_test --budgetd PATH [--cycles N] [--clients N] [--seed N]\n");
    return 2;
  }
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  testing_util::TempDir dir;
  const std::string data = dir.Sub("data"), tokens = dir.Sub("tokens");
  budget::testing::WriteTokenFile(tokens);
  std::mt19937_64 rng(seed);
  std::vector<Request> all;  // every request ever sent
  uint64_t lost = 0;

  auto server = std::make_unique<Process>(budgetd, data, tokens);
  {
    auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
    CreateRound(channel.get());
  }
  for (int cycle = 0; cycle < cycles; ++cycle) {
    auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
    std::atomic<bool> stop{false};
    std::vector<std::vector<Request>> sent(clients);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back(Client, cycle, t, rng(), channel.get(), &stop, &sent[t]);
    }
    absl::SleepFor(absl::Milliseconds(200 + static_cast<int>(rng() % 1300)));
    server->Kill();
    stop = true;
    for (auto& t : threads) t.join();
    const size_t first_of_cycle = all.size();
    for (auto& s : sent) all.insert(all.end(), s.begin(), s.end());

    server = std::make_unique<Process>(budgetd, data, tokens);
    channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
    // Every acknowledged request answers with its first answer; every other
    // one is retried (it either had taken effect or takes effect now). All of
    // this cycle's are checked, and a sample of the earlier cycles'.
    std::vector<size_t> check;
    for (size_t i = first_of_cycle; i < all.size(); ++i) check.push_back(i);
    for (int k = 0; k < 300 && first_of_cycle > 0; ++k) check.push_back(rng() % first_of_cycle);
    for (size_t i : check) {
      Request& r = all[i];
      if (r.settled) continue;
      v1::CommandResponse resp;
      grpc::Status s = Send(channel.get(), r, &resp);
      if (r.acknowledged) {
        const bool same = s.ok() && resp.deduplicated() && resp.log_position() == r.position &&
                          resp.proposal().name() == r.resource;
        if (!same) {
          ++lost;
          std::fprintf(stderr, "acknowledged %s lost: %s %s\n", r.request_id.c_str(),
                       s.error_message().c_str(), resp.ShortDebugString().c_str());
        }
      } else if (s.ok()) {
        r.acknowledged = true;
        r.position = resp.log_position();
        r.resource = resp.proposal().name();
      } else {
        // A stale amendment or a claim on a proposal that never existed.
        CHECK_OR_COUNT(s.error_code() == grpc::StatusCode::ABORTED ||
                           s.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
                           s.error_code() == grpc::StatusCode::NOT_FOUND,
                       r.request_id, ": ", s.error_message());
        r.settled = true;
      }
    }
    // No request took effect twice: each title once.
    std::map<std::string, v1::Proposal> live = ServerProposals(channel.get());
    std::map<std::string, int> titles;
    for (const auto& [name, p] : live) titles[p.content().title()]++;
    for (const auto& [title, n] : titles) CHECK_OR_COUNT(n == 1, title, " appears ", n, " times");
    int submits = 0;
    for (const Request& r : all) submits += r.kind == Request::kSubmit && r.position != 0;
    CHECK_OR_COUNT(static_cast<int>(live.size()) == submits, live.size(), " proposals for ",
                   submits, " submits");
    // The chain verifies.
    auto audit = v1::AuditService::NewStub(channel);
    v1::VerifyChainResponse verify;
    CHECK_OR_COUNT(audit->VerifyChain(As(v1::ROLE_AUDITOR).get(), {}, &verify).ok() && verify.ok(),
                   verify.problem());
    // The projection equals a fresh replay of the log (read-only, beside the server).
    eventstore::Options ro;
    ro.read_only = true;
    auto store = eventstore::EventStore::Open(data, ro);
    CHECK_OR_COUNT(store.ok(), store.status().ToString());
    if (store.ok()) {
      State replayed;
      CHECK_OR_COUNT(ReplayInto(**store, 1, UINT64_MAX, &replayed).ok(), "replay");
      const auto& proposals = replayed.rounds().at("crash").proposals();
      CHECK_OR_COUNT(static_cast<size_t>(proposals.size()) == live.size(), "replayed ",
                     proposals.size());
      for (const auto& [id, p] : proposals) {
        auto it = live.find(p.name());
        CHECK_OR_COUNT(
            it != live.end() && google::protobuf::util::MessageDifferencer::Equals(p, it->second),
            p.name(), " differs from its replay");
      }
    }
    std::printf("cycle %d: %zu requests so far, head %llu\n", cycle + 1, all.size(),
                static_cast<unsigned long long>(verify.last_position()));
    std::fflush(stdout);
  }
  server->Stop();
  std::printf("crash cycles: %d, acknowledged lost: %llu\n", cycles,
              static_cast<unsigned long long>(lost));
  return lost == 0 && failures == 0 ? 0 : 1;
}
