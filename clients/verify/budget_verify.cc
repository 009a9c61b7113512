// budget-verify: an auditor's offline check of a budget log, without the server.
//
//   budget-verify --data_dir COPY_OF_DATA_DIR     (opened read-only)
//   budget-verify --log EXPORT.jsonl [--import EMPTY_DIR]
//   budget-verify --public_key KEY.pub [--head HEADS.jsonl]
//                 [--inclusion PROOF.json [--event_hash HEX]]
//                 [--consistency PROOF.json --saved_head HEAD.json]
//
// Verifies the hash chain, prints the head position and hash (the same hash
// the server's VerifyChain reports, so it can be pinned in a report), then
// replays every event — no snapshots — and prints each round's totals,
// recomputed from the events alone. With --import, the exported log is
// restored into an empty store; its head hash equals the original's. Both
// print the Merkle root, to compare with a signed tree head of that size.
//
// With --public_key it checks, without any data directory, signed tree
// heads (every line of --head), an inclusion proof and a consistency proof
// from a head saved earlier to a newer one (budgetctl audit ... --json).
//
// Exit status: 0 verified; 1 the chain is broken, a head or proof is refused
// (the reason is printed); 2 bad usage or unreadable input.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/ed25519.h"
#include "base/file.h"
#include "budget/v1/audit_service.pb.h"
#include "eventstore/event_store.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/chain_follower.h"
#include "services/audit/log_entry.h"
#include "services/audit/tree_heads.h"
#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/summary.h"

namespace {

using budget::State;

std::string Kroner(int64_t kr) {
  std::string digits = absl::StrCat(kr < 0 ? -kr : kr), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return absl::StrCat(kr < 0 ? "-" : "", out, " kr.");
}

void PrintTotals(const State& state, bool json) {
  for (const auto& [id, round] : state.rounds()) {
    const budget::v1::RoundSummary s = budget::Summarize(round, absl::UnixEpoch());
    if (json) {
      std::string out;
      google::protobuf::util::JsonPrintOptions o;
      o.preserve_proto_field_names = true;
      (void)google::protobuf::util::MessageToJsonString(s, &out, o);
      std::printf("%s\n", out.c_str());
      continue;
    }
    const budget::v1::Totals& t = s.full_implementation();
    std::printf("%s (%s, budget %d): %d proposals, %d withdrawn\n", s.round().c_str(),
                round.round().municipality().c_str(), round.round().budget_year(),
                s.proposal_count(), s.withdrawn_count());
    std::printf("  catalogue          %22s  target %s\n", Kroner(t.catalogue_kr()).c_str(),
                Kroner(t.catalogue_target_kr()).c_str());
    std::printf("  cross-cutting      %22s  %d.%02d %% (target %d.%02d %%)\n",
                Kroner(t.cross_cutting_kr()).c_str(), t.cross_cutting_share_bp() / 100,
                t.cross_cutting_share_bp() % 100, t.cross_cutting_target_bp() / 100,
                t.cross_cutting_target_bp() % 100);
    std::printf("  claimed            %22s\n", Kroner(t.claimed_kr()).c_str());
    std::printf("  pool               %22s\n", Kroner(t.pool_kr()).c_str());
    std::printf("  selected           %22s\n", Kroner(t.selected_kr()).c_str());
    std::printf("  approved (råderum) %22s  target %s\n", Kroner(t.approved_kr()).c_str(),
                Kroner(t.raaderum_target_kr()).c_str());
    for (const auto& c : t.committees()) {
      std::printf("  %-40s shortfall %s, claimed %s, gap %s\n", c.display_name().c_str(),
                  Kroner(c.shortfall_kr()).c_str(), Kroner(c.claimed_kr()).c_str(),
                  Kroner(c.remaining_gap_kr()).c_str());
    }
  }
}

// Walks a read-only copy of a data directory.
int VerifyDataDir(const std::string& dir, bool json) {
  eventstore::Options options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = eventstore::EventStore::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "budget-verify: %s\n", std::string(store.status().message()).c_str());
    return 2;
  }
  const eventstore::VerifyReport report = (*store)->VerifyChain();
  if (!report.ok) {
    std::printf("chain: BROKEN at position %llu: %s\n",
                static_cast<unsigned long long>(report.first_bad_position), report.problem.c_str());
    return 1;
  }
  std::printf("chain: ok, %llu events verified\n", static_cast<unsigned long long>(report.checked));
  std::printf("head position: %llu\n", static_cast<unsigned long long>(report.last_position));
  std::printf("head hash: %s\n", base::HashToHex(report.last_hash).c_str());
  const budget::SnapshotReport snapshots = budget::VerifySnapshots(**store);
  if (!snapshots.ok) {
    std::printf("snapshots: MISMATCH: %s\n", snapshots.problem.c_str());
    return 1;
  }
  std::printf("snapshots: ok, %llu checked against the log\n",
              static_cast<unsigned long long>(snapshots.checked));
  const eventstore::TreeReport tree = (*store)->VerifyTree();
  if (!tree.ok) {
    std::printf("merkle tree: MISMATCH: %s\n", tree.problem.c_str());
    return 1;
  }
  std::printf("merkle root: %s (tree size %llu)\n", base::HashToHex(tree.root).c_str(),
              static_cast<unsigned long long>(tree.size));
  State state;
  if (absl::Status s = budget::ReplayInto(**store, 1, UINT64_MAX, &state); !s.ok()) {
    std::fprintf(stderr, "budget-verify: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  PrintTotals(state, json);
  return 0;
}

// Walks an exported JSON-lines log, optionally restoring it into `import_dir`.
int VerifyExport(const std::string& path, const std::string& import_dir, bool json) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "budget-verify: cannot read %s\n", path.c_str());
    return 2;
  }
  std::unique_ptr<eventstore::EventStore> target;
  if (!import_dir.empty()) {
    eventstore::Options options;
    options.sync = false;  // one sync at the end is enough for a restore
    auto opened = eventstore::EventStore::Open(import_dir, options);
    if (!opened.ok() || (*opened)->head().position != 0) {
      std::fprintf(
          stderr, "budget-verify: --import needs an empty directory: %s\n",
          opened.ok() ? "it holds events" : std::string(opened.status().message()).c_str());
      return 2;
    }
    target = std::move(*opened);
  }
  budget::ChainFollower chain;
  base::merkle::CompactRange tree;
  uint64_t checked = 0;
  State state;
  std::vector<eventstore::Envelope> pending;
  auto flush = [&]() {
    if (target == nullptr || pending.empty()) return absl::OkStatus();
    absl::Status s = target->Import(pending);
    pending.clear();
    return s;
  };
  std::string line;
  uint64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    budget::v1::LogEntry entry;
    if (!google::protobuf::util::JsonStringToMessage(line, &entry).ok()) {
      std::fprintf(stderr, "budget-verify: line %llu is not a log entry\n",
                   static_cast<unsigned long long>(line_no));
      return 2;
    }
    absl::StatusOr<eventstore::Envelope> e = budget::ToEnvelope(entry);
    if (!e.ok()) {
      std::fprintf(stderr, "budget-verify: line %llu: %s\n",
                   static_cast<unsigned long long>(line_no),
                   std::string(e.status().message()).c_str());
      return 2;
    }
    if (absl::Status s = chain.Accept(*e); !s.ok()) {
      std::printf("chain: BROKEN at position %llu: %s\n",
                  static_cast<unsigned long long>(e->position), std::string(s.message()).c_str());
      return 1;
    }
    ++checked;
    tree.Append(eventstore::TreeLeaf(e->hash), [](int, uint64_t, const base::Hash&) {});
    if (absl::Status s = budget::ApplyEnvelope(eventstore::ToView(*e), &state); !s.ok()) {
      std::fprintf(stderr, "budget-verify: %s\n", std::string(s.message()).c_str());
      return 2;
    }
    if (target != nullptr) {
      pending.push_back(std::move(*e));
      if (pending.size() >= 1000) {
        if (absl::Status s = flush(); !s.ok()) {
          std::fprintf(stderr, "budget-verify: import: %s\n", std::string(s.message()).c_str());
          return 2;
        }
      }
    }
  }
  if (absl::Status s = flush(); !s.ok()) {
    std::fprintf(stderr, "budget-verify: import: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  std::printf("chain: ok, %llu events verified\n", static_cast<unsigned long long>(checked));
  std::printf("head position: %llu\n", static_cast<unsigned long long>(chain.position()));
  std::printf("head hash: %s\n", base::HashToHex(chain.hash()).c_str());
  std::printf("merkle root: %s (tree size %llu)\n", base::HashToHex(tree.Root()).c_str(),
              static_cast<unsigned long long>(tree.size()));
  if (target != nullptr) {
    const eventstore::Head head = target->head();
    std::printf("imported into %s: head %llu, hash %s\n", import_dir.c_str(),
                static_cast<unsigned long long>(head.position), base::HashToHex(head.hash).c_str());
  }
  PrintTotals(state, json);
  return 0;
}

// Reads one JSON message from `path` (a file budgetctl ... --json wrote).
template <typename M>
absl::StatusOr<M> ReadJson(const std::string& path, absl::string_view what) {
  absl::StatusOr<std::string> text = base::ReadFile(path, what);
  if (!text.ok()) return text.status();
  M m;
  google::protobuf::util::JsonParseOptions o;
  o.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(*text, &m, o).ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a ", what, " (JSON)"));
  }
  return m;
}

struct ProofArgs {
  std::string public_key, heads, inclusion, event_hash, consistency, saved_head;
};

// Checks the signed heads and proofs named in `args`; prints what holds.
int VerifyProofs(const ProofArgs& args) {
  absl::StatusOr<std::string> pem = base::ReadFile(args.public_key, "public key");
  absl::StatusOr<std::string> key =
      pem.ok() ? base::PublicKeyFromPem(*pem) : absl::StatusOr<std::string>(pem.status());
  if (!key.ok()) {
    std::fprintf(stderr, "budget-verify: %s: %s\n", args.public_key.c_str(),
                 std::string(key.status().message()).c_str());
    return 2;
  }
  auto refused = [](absl::string_view what, const absl::Status& s) {
    std::printf("%s: REFUSED: %s\n", std::string(what).c_str(), std::string(s.message()).c_str());
    return 1;
  };
  auto unreadable = [](const absl::Status& s) {
    std::fprintf(stderr, "budget-verify: %s\n", std::string(s.message()).c_str());
    return 2;
  };
  if (!args.heads.empty()) {
    std::ifstream in(args.heads);
    if (!in) return unreadable(absl::InvalidArgumentError("cannot read " + args.heads));
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      budget::v1::SignedTreeHead head;
      if (!google::protobuf::util::JsonStringToMessage(line, &head).ok()) {
        return unreadable(absl::InvalidArgumentError(
            absl::StrCat(args.heads, ": line ", n + 1, " is not a signed tree head")));
      }
      if (absl::Status s = budget::VerifyTreeHead(head, *key); !s.ok()) {
        return refused(absl::StrCat("head ", n + 1), s);
      }
      std::printf("head: ok, tree size %llu, root %s\n",
                  static_cast<unsigned long long>(head.tree_size()), head.root_hash().c_str());
      ++n;
    }
  }
  if (!args.inclusion.empty()) {
    auto proof = ReadJson<budget::v1::InclusionProof>(args.inclusion, "inclusion proof");
    if (!proof.ok()) return unreadable(proof.status());
    std::optional<base::Hash> event_hash;
    if (!args.event_hash.empty()) {
      base::Hash h;
      if (!base::HashFromHex(args.event_hash, &h)) {
        return unreadable(absl::InvalidArgumentError("--event_hash is not 64 hex digits"));
      }
      event_hash = h;
    }
    if (absl::Status s = budget::VerifyInclusionProof(*proof, *key, event_hash); !s.ok()) {
      return refused("inclusion", s);
    }
    std::printf("inclusion: ok, event %llu (hash %s) is in the signed log of %llu events\n",
                static_cast<unsigned long long>(proof->position()), proof->event_hash().c_str(),
                static_cast<unsigned long long>(proof->tree_size()));
  }
  if (!args.consistency.empty()) {
    auto saved = ReadJson<budget::v1::SignedTreeHead>(args.saved_head, "signed tree head");
    if (!saved.ok()) return unreadable(saved.status());
    auto proof = ReadJson<budget::v1::ConsistencyProof>(args.consistency, "consistency proof");
    if (!proof.ok()) return unreadable(proof.status());
    if (absl::Status s = budget::VerifyConsistencyProof(*saved, *proof, *key); !s.ok()) {
      return refused("consistency", s);
    }
    std::printf("consistency: ok, the signed log of %llu events extends the saved head of %llu\n",
                static_cast<unsigned long long>(proof->second_size()),
                static_cast<unsigned long long>(saved->tree_size()));
    std::printf("newest head: tree size %llu, root %s\n",
                static_cast<unsigned long long>(proof->second_head().tree_size()),
                proof->second_head().root_hash().c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"budget-verify: verify a budget event log offline and recompute its totals"};
  std::string data_dir, log, import_dir;
  bool json = false;
  auto* dir_opt = app.add_option("--data_dir", data_dir,
                                 "A copy of budgetd's data directory (opened read-only)");
  auto* log_opt =
      app.add_option("--log", log, "An exported log (budgetctl export --kind log --format jsonl)");
  app.add_option("--import", import_dir, "With --log: restore it into this empty directory")
      ->needs(log_opt);
  app.add_flag("--json", json, "Print the totals as JSON (one RoundSummary per line)");
  dir_opt->excludes(log_opt);
  ProofArgs proofs;
  auto* key_opt = app.add_option("--public_key", proofs.public_key,
                                 "The server's Ed25519 public key (PEM, <signing key>.pub)");
  app.add_option("--head", proofs.heads,
                 "Signed tree heads to check: budgetctl audit head --json, or a published "
                 "heads file (one per line)")
      ->needs(key_opt);
  auto* inclusion_opt =
      app.add_option("--inclusion", proofs.inclusion,
                     "An inclusion proof (budgetctl audit prove-inclusion --json)")
          ->needs(key_opt);
  app.add_option("--event_hash", proofs.event_hash,
                 "With --inclusion: the hash of the event you hold (e.g. from an export)")
      ->needs(inclusion_opt);
  auto* saved_opt = app.add_option("--saved_head", proofs.saved_head,
                                   "With --consistency: the head you saved earlier");
  app.add_option("--consistency", proofs.consistency,
                 "A consistency proof from the saved head's size (budgetctl audit "
                 "prove-consistency --json)")
      ->needs(key_opt)
      ->needs(saved_opt);
  key_opt->excludes(dir_opt)->excludes(log_opt);
  CLI11_PARSE(app, argc, argv);
  if (!proofs.public_key.empty()) {
    if (proofs.heads.empty() && proofs.inclusion.empty() && proofs.consistency.empty()) {
      std::fprintf(stderr,
                   "budget-verify: --public_key needs --head, --inclusion or "
                   "--consistency\n");
      return 2;
    }
    return VerifyProofs(proofs);
  }
  if (data_dir.empty() == log.empty()) {
    std::fprintf(stderr, "budget-verify: give --data_dir, --log or --public_key\n%s",
                 app.help().c_str());
    return 2;
  }
  return data_dir.empty() ? VerifyExport(log, import_dir, json) : VerifyDataDir(data_dir, json);
}
