#include "services/audit/chain_follower.h"

#include "absl/strings/str_cat.h"

namespace budget {

absl::Status ChainFollower::Accept(const eventstore::Envelope& e) {
  eventstore::EnvelopeView view = eventstore::ToView(e);
  eventstore::SealEnvelope(&view);  // recomputes view.hash from the content
  std::string problem;
  if (e.position != position_ + 1) {
    problem = absl::StrCat("expected event ", position_ + 1, " next, found ", e.position,
                           " (removed, reordered or inserted)");
  } else if (e.prev_hash != hash_) {
    problem = "its previous-hash link does not match the event before it";
  } else if (view.hash != e.hash) {
    problem = "its content does not match its hash (changed)";
  }
  if (!problem.empty()) {
    return absl::DataLossError(problem);
  }
  position_ = e.position;
  hash_ = e.hash;
  return absl::OkStatus();
}

}  // namespace budget
