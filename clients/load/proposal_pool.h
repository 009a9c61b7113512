#ifndef CLIENTS_LOAD_PROPOSAL_POOL_H_
#define CLIENTS_LOAD_PROPOSAL_POOL_H_

// The proposals this run created, shared by every client thread: what get
// reads, what amend changes (at the version it last saw) and what claim
// takes. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace budget_load {

class ProposalPool {
 public:
  // One proposal, as an op holds it while its call is in flight.
  struct Ref {
    size_t index = 0;
    std::string name;  // "rounds/{round}/proposals/{id}"
    int64_t version = 0;
  };

  // Adds a proposal the run submitted: a draft, so not yet offered to
  // claims (hearings and claims take only ready proposals, issue 20 §2).
  void Add(const std::string& name, int64_t version);

  // Every proposal, in the order added.
  std::vector<Ref> All() const;

  size_t size() const;

  // A random proposal; nullopt when there is none.
  std::optional<Ref> Any(std::mt19937_64& rng) const;

  // A random proposal that no other amendment holds, held until EndAmend, so
  // two amendments of one run never race each other's version. nullopt when
  // a few draws found only held ones.
  std::optional<Ref> HoldForAmend(std::mt19937_64& rng);

  // Lets go of `ref`; `version_after` is its version once the amendment was
  // recorded (unset when it failed).
  void EndAmend(const Ref& ref, std::optional<int64_t> version_after);

  // A random proposal not yet claimed, no longer offered to later claims;
  // nullopt when every one is claimed.
  std::optional<Ref> TakeUnclaimed(std::mt19937_64& rng);

  // Offers `ref` to claims: it was marked ready (or its claim failed and
  // changed nothing).
  void ReturnUnclaimed(const Ref& ref);

  // A read saw `ref` at `version`: keeps the newest version known.
  void SawVersion(const Ref& ref, int64_t version);

 private:
  struct Entry {
    std::string name;
    int64_t version = 0;
    bool amending = false;
  };
  Ref RefTo(size_t index) const;

  mutable std::mutex mu_;
  std::vector<Entry> entries_;
  std::vector<size_t> unclaimed_;  // indexes into entries_
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_PROPOSAL_POOL_H_
