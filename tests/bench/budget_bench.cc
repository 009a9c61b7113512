// budget_bench: the storage-side figures of ./bench.sh, from real code paths.
//
//   budget_bench raw [--seconds S]
//       raw rocksdb synced appends/s batch=100: N
//   budget_bench fill --dir D --events N [--rounds R] [--checkpoint K]
//       writes a realistic budget log (R rounds of R municipality-years, each
//       with its timeline, committees, ~120 proposals and a stream of
//       amendments, claims and hearing responses) with a checkpoint every K
//       events and one at the head, as budgetd's snapshot thread would.
//   budget_bench replay --dir D
//       replay events/s: N          (every event parsed and applied, no snapshots)
//   budget_bench asof --dir D [--samples N]
//       as-of ms events=N: X        (GetStateAsOf of a random round at a random position)
//   budget_bench checkpoint [--proposals N]
//       checkpoint ms proposals=N: whole round X, changed pages only Y,
//       last 10000 new only Z       (a round's checkpoint: written whole,
//                                    half of its proposals new since the
//                                    last one, one interval of them new)
//   budget_bench merkle [--events N]
//       merkle us per event: X      (what a commit adds per event for the Merkle
//                                    tree: leaf and node hashes, and the node
//                                    puts into the write batch)
//   budget_bench first-touch [--mib N]
//       first touch us per page: X cpu, Y wall
//                                   (what the kernel, and a virtual machine's
//                                    host under it, charge the first write to
//                                    a fresh 4 KiB page: a server whose memory
//                                    grows pays it for every page it keeps)
#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/merkle.h"
#include "eventstore/event_store.h"
#include "eventstore/keys.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "services/audit/audit.h"
#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/apply.h"
#include "services/domain/names.h"
#include "services/domain/templates.h"
#include "services/domain/time_util.h"
#include "tests/testing/temp_dir.h"

namespace {

using namespace budget;  // NOLINT: a benchmark program

struct Args {
  std::string command, dir;
  uint64_t events = 1'000'000, checkpoint = 10'000, samples = 50;
  int rounds = 0, proposals = 160'000, mib = 256;
  double seconds = 5;
};

Args Parse(int argc, char** argv) {
  Args a;
  if (argc > 1) a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (s == "--dir") a.dir = value();
    if (s == "--events") a.events = std::stoull(value());
    if (s == "--rounds") a.rounds = std::stoi(value());
    if (s == "--proposals") a.proposals = std::stoi(value());
    if (s == "--checkpoint") a.checkpoint = std::stoull(value());
    if (s == "--samples") a.samples = std::stoull(value());
    if (s == "--seconds") a.seconds = std::stod(value());
    if (s == "--mib") a.mib = std::stoi(value());
  }
  return a;
}

// The Merkle tree's share of a commit, per event: the store's own code path
// (eventstore::TreeLeaf, CompactRange::Append) putting every completed node
// into a WriteBatch of 100 events, as a group commit does; no disk.
int Merkle(const Args& a) {
  base::merkle::CompactRange tree;
  rocksdb::WriteBatch batch;
  uint64_t nodes = 0, bytes = 0;
  const absl::Time start = absl::Now();
  for (uint64_t i = 0; i < a.events; ++i) {
    const base::Hash event_hash = base::Sha256(absl::StrCat("event ", i));
    tree.Append(eventstore::TreeLeaf(event_hash),
                [&](int level, uint64_t index, const base::Hash& h) {
                  if (!eventstore::IsStoredTreeLevel(level)) return;
                  const std::string key = eventstore::TreeNodeKey(level, index);
                  batch.Put(key, rocksdb::Slice(reinterpret_cast<const char*>(h.data()), h.size()));
                  ++nodes;
                  bytes += key.size() + h.size();
                });
    if (i % 100 == 99) {
      bytes += tree.Encode().size();  // the edge, once per commit
      batch.Clear();
    }
  }
  const double us = absl::ToDoubleMicroseconds(absl::Now() - start) / static_cast<double>(a.events);
  // The event hashes above stand in for the sealing the commit does anyway.
  const absl::Time hashing = absl::Now();
  for (uint64_t i = 0; i < a.events; ++i) base::Sha256(absl::StrCat("event ", i));
  const double hash_us =
      absl::ToDoubleMicroseconds(absl::Now() - hashing) / static_cast<double>(a.events);
  std::printf(
      "merkle us per event: %.2f   (%.2f nodes, %.0f bytes written per event; %llu events)\n",
      us - hash_us, static_cast<double>(nodes) / static_cast<double>(a.events),
      static_cast<double>(bytes) / static_cast<double>(a.events),
      static_cast<unsigned long long>(a.events));
  return 0;
}

// RocksDB alone: WriteBatches of 100 small puts, each written with sync=true.
int Raw(const Args& a) {
  testing_util::TempDir dir;
  rocksdb::Options o;
  o.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(o, dir.Sub("raw"), &raw).ok()) return 1;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const std::string value(200, 'v');
  uint64_t n = 0;
  const absl::Time end = absl::Now() + absl::Seconds(a.seconds);
  const absl::Time start = absl::Now();
  while (absl::Now() < end) {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 100; ++i) batch.Put(absl::StrCat("k", n++), value);
    if (!db->Write(wo, &batch).ok()) return 1;
  }
  std::printf("raw rocksdb synced appends/s batch=100: %.0f\n",
              n / absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

// Builds events the way the deciders do, without deciding: a benchmark of
// storage and replay, not of the rules.
class LogWriter {
 public:
  LogWriter(eventstore::EventStore* store, uint64_t checkpoint)
      : store_(store), checkpoint_(checkpoint) {}

  // The position the next event gets.
  uint64_t next_position() const { return store_->head().position + pending_.size() + 1; }

  void Add(v1::Event e) {
    const uint64_t position = next_position();
    Apply(state_, e, EventMeta{position, now_, "users/bench"});
    changes_.Record(e);
    pending_.push_back(std::move(e));
    now_ += absl::Seconds(1);
    if (pending_.size() == 1000) Flush();
    if (position % checkpoint_ == 0) {
      Flush();
      Checkpoint();
    }
  }

  void Flush() {
    if (pending_.empty()) return;
    eventstore::AppendRequest r;
    r.actor = "users/bench";
    r.recorded_at = now_;
    for (const v1::Event& e : pending_)
      r.events.push_back({StreamOf(e), TypeOf(e), e.SerializeAsString()});
    if (!store_->Append(std::move(r)).ok()) std::abort();
    pending_.clear();
  }

  void Checkpoint() {
    const eventstore::Head head = store_->head();
    if (!SaveCheckpoint(*store_, state_, head.hash, changes_).ok()) std::abort();
    changes_.Clear();
  }

  const State& state() const { return state_; }

 private:
  eventstore::EventStore* store_;
  const uint64_t checkpoint_;
  State state_;
  CheckpointChanges changes_;
  std::vector<v1::Event> pending_;
  absl::Time now_ = absl::FromCivil(absl::CivilDay(2022, 8, 1), absl::UTCTimeZone());
};

v1::ProposalContent Content(std::mt19937_64& rng, const std::string& round_id, int n) {
  v1::ProposalContent c;
  c.set_title(absl::StrCat("Omprioriteringsforslag ", n, ": sammenlægning af tilbud"));
  c.set_description(
      "Forslaget samler to mindre tilbud i ét, så pladsprisen falder. Beskrivelse af "
      "konsekvenser for borgere og medarbejdere følger.");
  c.set_category(static_cast<v1::ProposalCategory>(1 + rng() % 16));
  c.add_committees(ChildName(round_id, kCommittees, absl::StrCat("udvalg-", rng() % 7)));
  if (rng() % 3 == 0)
    c.add_committees(ChildName(round_id, kCommittees, absl::StrCat("udvalg-", rng() % 7)));
  const int64_t kr = 100'000 * static_cast<int64_t>(1 + rng() % 50);
  for (int y = 0; y < 4; ++y) {
    auto* e = c.add_effects();
    e->set_year(2024 + y);
    e->set_amount_kr(kr);
  }
  c.set_full_implementation_kr(kr);
  *c.mutable_implementation_start() = MakeDate(2024, 1, 1);
  c.set_citizen_consequences("Borgerne oplever færre, men større enheder.");
  c.set_staff_reduction_fte_hundredths(static_cast<int64_t>(rng() % 500));
  c.set_submitter_kind(v1::SUBMITTER_ADMINISTRATION);
  return c;
}

int Fill(const Args& a) {
  eventstore::Options o;
  o.sync = false;  // a bulk load: one flush at the end is enough
  auto store = eventstore::EventStore::Open(a.dir, o);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  LogWriter w(store->get(), a.checkpoint);
  std::mt19937_64 rng(42);
  // 98 municipalities, ten budget years: about 10,000 events a round.
  const int rounds =
      a.rounds > 0 ? a.rounds : static_cast<int>(std::max<uint64_t>(1, a.events / 10'000));
  const uint64_t per_round = a.events / rounds;
  const absl::Time start = absl::Now();
  for (int r = 0; r < rounds && w.next_position() <= a.events; ++r) {
    const std::string id = absl::StrCat("kommune-", r / 10, "-", 2024 + r % 10);
    const std::string round = RoundName(id);
    const uint64_t end = std::min<uint64_t>(a.events, w.next_position() - 1 + per_round);
    v1::Event created;
    auto* rc = created.mutable_round_created();
    rc->set_round(round);
    rc->set_municipality(absl::StrCat("Kommune ", r / 10));
    rc->set_budget_year(2024);
    rc->mutable_targets()->set_catalogue_total_kr(110'000'000);
    rc->mutable_targets()->set_raaderum_kr(45'000'000);
    w.Add(created);
    const auto plan = TemplatePlan(v1::ROUND_TEMPLATE_STRATEGY_2024, 2024);
    if (!plan.ok()) std::abort();  // no zoneinfo: the bench has nothing to plan with
    for (const auto& [kind, at] : *plan) {
      v1::Event m;
      m.mutable_milestone_set()->set_round(round);
      m.mutable_milestone_set()->set_kind(kind);
      *m.mutable_milestone_set()->mutable_planned_at() = ToProto(at);
      w.Add(m);
    }
    for (int c = 0; c < 7; ++c) {
      v1::Event e;
      e.mutable_committee_defined()->set_round(round);
      auto* committee = e.mutable_committee_defined()->mutable_committee();
      committee->set_name(ChildName(id, kCommittees, absl::StrCat("udvalg-", c)));
      committee->set_display_name(absl::StrCat("Udvalg ", c));
      committee->set_operating_frame_kr(500'000'000);
      committee->set_shortfall_kr(c < 2 ? 10'000'000 : 0);
      w.Add(e);
    }
    int proposals = 0;
    std::vector<int64_t> versions;
    while (w.next_position() <= end) {
      const int pick = static_cast<int>(rng() % 100);
      v1::Event e;
      if (proposals < 120 && (pick < 30 || versions.empty())) {
        ++proposals;
        const std::string name = ChildName(id, kProposals, ProposalId(proposals));
        e.mutable_proposal_submitted()->set_proposal(name);
        *e.mutable_proposal_submitted()->mutable_content() = Content(rng, id, proposals);
        versions.push_back(1);
      } else {
        const int p = static_cast<int>(rng() % versions.size());
        const std::string name = ChildName(id, kProposals, ProposalId(p + 1));
        if (pick < 97) {
          auto* amended = e.mutable_proposal_amended();
          amended->set_proposal(name);
          amended->set_version(++versions[p]);
          amended->mutable_content()->set_full_implementation_kr(
              100'000 * static_cast<int64_t>(1 + rng() % 50));
          amended->add_paths("full_implementation_kr");
        } else {
          auto* q = e.mutable_response_submitted();
          q->set_hearing(ChildName(id, kHearings, "H-0001"));
          q->set_proposal(name);
          q->set_body("bodies/hmu");
          q->set_version(1);
          q->set_stance(v1::STANCE_SUPPORTS);
          q->set_text("HMU har ingen bemærkninger.");
        }
      }
      w.Add(e);
    }
  }
  w.Flush();
  w.Checkpoint();
  const double secs = absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("filled events=%llu rounds=%d in %.1f s (%.0f events/s)\n",
              static_cast<unsigned long long>((*store)->head().position), rounds, secs,
              (*store)->head().position / secs);
  return 0;
}

std::unique_ptr<eventstore::EventStore> OpenReadOnly(const std::string& dir) {
  eventstore::Options o;
  o.read_only = true;
  o.create_if_missing = false;
  auto store = eventstore::EventStore::Open(dir, o);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*store);
}

int Replay(const Args& a) {
  auto store = OpenReadOnly(a.dir);
  State state;
  const absl::Time start = absl::Now();
  if (!ReplayInto(*store, 1, UINT64_MAX, &state).ok()) return 1;
  const double secs = absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("replay events/s: %.0f\n", store->head().position / secs);
  return 0;
}

int AsOf(const Args& a) {
  auto store = OpenReadOnly(a.dir);
  const uint64_t head = store->head().position;
  std::mt19937_64 rng(7);
  std::vector<double> ms;
  for (uint64_t i = 0; i < a.samples; ++i) {
    const uint64_t position = 1 + rng() % head;
    // The round that the event at that position belongs to.
    absl::StatusOr<eventstore::Envelope> e = store->ReadEvent(position);
    if (!e.ok()) return 1;
    v1::GetStateAsOfRequest r;
    r.set_round(RoundName(RoundIdOf(e->stream)));
    r.set_position(position);
    const absl::Time start = absl::Now();
    absl::StatusOr<v1::RoundState> state = GetStateAsOf(*store, r);
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    if (!state.ok()) {
      std::fprintf(stderr, "%s\n", state.status().ToString().c_str());
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("as-of ms events=%llu: %.1f\n", static_cast<unsigned long long>(head),
              sum / ms.size());
  std::printf("as-of ms p50=%.1f p99=%.1f max=%.1f (%zu samples)\n", ms[ms.size() / 2],
              ms[ms.size() * 99 / 100], ms.back(), ms.size());
  return 0;
}

double ClockMs(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
double CpuMs() { return ClockMs(CLOCK_PROCESS_CPUTIME_ID); }

// Fresh anonymous memory, written once a page: the page faults and the
// zeroing that a growing heap pays, without any allocator in between.
int FirstTouch(const Args& a) {
  const size_t page = 4096, bytes = static_cast<size_t>(a.mib) << 20;
  void* m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  volatile char* p = static_cast<char*>(m);
  const double cpu = CpuMs(), wall = ClockMs(CLOCK_MONOTONIC);
  for (size_t i = 0; i < bytes; i += page) p[i] = 1;
  const double pages = static_cast<double>(bytes / page);
  std::printf("first touch us per page: %.2f cpu, %.2f wall\n", (CpuMs() - cpu) * 1e3 / pages,
              (ClockMs(CLOCK_MONOTONIC) - wall) * 1e3 / pages);
  munmap(m, bytes);
  return 0;
}

// What a checkpoint of a round of N proposals costs: the round written
// whole; only the pages of proposals that changed (snapshots.h) when half of
// them are new since the previous checkpoint (the growth the rule allows,
// checkpointer.h); and when one interval's 10,000 are (a growing round's
// steady state). CPU time of SaveCheckpoint into a store (RocksDB's flush
// thread included), the best of three tries each.
int Checkpoint(const Args& a) {
  testing_util::TempDir dir;
  eventstore::Options o;
  o.sync = false;
  absl::StatusOr<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(dir.Sub("checkpoint"), o);
  if (!store.ok()) return 1;
  std::mt19937_64 rng(1);
  State state;
  RoundState& round = (*state.mutable_rounds())["2024"];
  round.mutable_round()->set_name("rounds/2024");
  auto add = [&](int n) {
    const std::string id = ProposalId(n);
    v1::Proposal& p = (*round.mutable_proposals())[id];
    p.set_name(ChildName("2024", kProposals, id));
    *p.mutable_content() = Content(rng, "2024", n);
    p.set_version(1);
    p.set_submitted_by("users/sagsbehandler");
    round.set_next_proposal_number(n + 1);
    return id;
  };
  // Each checkpoint is at an event of its own.
  auto checkpoint = [&](const CheckpointChanges& changes) {
    eventstore::AppendRequest r;
    r.actor = "users/bench";
    r.recorded_at = absl::Now();
    r.events.push_back({"rounds/2024", "budget.bench.Tick", "tick"});
    if (!(*store)->Append(std::move(r)).ok()) std::abort();
    const eventstore::Head head = (*store)->head();
    state.set_log_position(head.position);
    const double t = CpuMs();
    if (!SaveCheckpoint(**store, state, head.hash, changes).ok()) std::abort();
    return CpuMs() - t;
  };
  CheckpointChanges whole_round;
  whole_round.Round("2024");
  const int half = a.proposals / 2;
  const int interval = std::min(half, 10'000);  // budgetd's default interval
  for (int n = 1; n <= half; ++n) add(n);
  checkpoint(whole_round);
  CheckpointChanges added, last_interval;
  for (int n = half + 1; n <= a.proposals; ++n) {
    const std::string id = add(n);
    added.Proposal("2024", id);
    if (n > a.proposals - interval) last_interval.Proposal("2024", id);
  }
  double whole = 1e18, pages = 1e18, steady = 1e18;
  for (int i = 0; i < 3; ++i) {
    whole = std::min(whole, checkpoint(whole_round));
    pages = std::min(pages, checkpoint(added));
    steady = std::min(steady, checkpoint(last_interval));
  }
  std::printf(
      "checkpoint ms proposals=%d: whole round %.1f, changed pages only %.1f, "
      "last %d new only %.1f\n",
      a.proposals, whole, pages, interval, steady);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = Parse(argc, argv);
  if (a.command == "raw") return Raw(a);
  if (a.command == "merkle") return Merkle(a);
  if (a.command == "checkpoint") return Checkpoint(a);
  if (a.command == "first-touch") return FirstTouch(a);
  if (a.dir.empty()) {
    std::fprintf(
        stderr,
        "usage: budget_bench raw | merkle | checkpoint | first-touch | fill|replay|asof --dir DIR "
        "[options]\n");
    return 2;
  }
  if (a.command == "fill") return Fill(a);
  if (a.command == "replay") return Replay(a);
  if (a.command == "asof") return AsOf(a);
  std::fprintf(stderr, "unknown command %s\n", a.command.c_str());
  return 2;
}
