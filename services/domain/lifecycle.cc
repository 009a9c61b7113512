#include "services/domain/lifecycle.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/proposal_economics.h"

namespace budget {

bool IsDraft(const v1::Proposal& p) { return p.stage() == v1::PROPOSAL_DRAFT; }

bool IsPublished(const v1::Proposal& p) { return p.stage() == v1::PROPOSAL_PUBLISHED; }

absl::Status RequireReady(const v1::Proposal& p) {
  if (!IsDraft(p)) return absl::OkStatus();
  return RuleViolation(Rule::kReadyBeforeHandling, p.name(),
                       absl::StrCat("Expected a proposal marked ready or published, but ", p.name(),
                                    " is a draft; a centre head or the steering group marks it "
                                    "ready (MarkProposalReady)"));
}

absl::Status RequireCatalogueContent(const v1::ProposalContent& c, absl::string_view subject) {
  auto missing = [&](absl::string_view field, absl::string_view why) {
    return PreconditionFailed(
        "CONTENT_INCOMPLETE", subject,
        absl::StrCat("Expected content.", field, " to be stated, but it is empty: ", why));
  };
  if (c.citizen_consequences().empty()) {
    return missing("citizen_consequences",
                   "a proposal in the catalogue states what it means for citizens");
  }
  const bool staff_effects = c.staff_effects_size() > 0 || c.staff_reduction_fte_hundredths() != 0;
  if (staff_effects && c.staff_consequences().empty()) {
    return missing("staff_consequences",
                   "the proposal has staff effects, so it states what they mean for staff");
  }
  return absl::OkStatus();
}

// What ValidateContent cannot know: that every reference exists in this
// round, and that every year lies inside its period (CheckEconomicsAgainstRound).
absl::Status CheckAgainstRound(const v1::Round& round, const v1::ProposalContent& c) {
  struct Ref {
    const char* field;
    const google::protobuf::RepeatedPtrField<std::string>& names;
    const char* what;
    bool (*known)(const v1::Round&, absl::string_view);
  };
  const Ref refs[] = {
      {"content.committees", c.committees(), "committee",
       [](const v1::Round& r, absl::string_view n) { return FindCommittee(r, n) != nullptr; }},
      {"content.centres", c.centres(), "centre",
       [](const v1::Round& r, absl::string_view n) { return FindCentre(r, n) != nullptr; }},
      {"content.workplaces", c.workplaces(), "workplace",
       [](const v1::Round& r, absl::string_view n) { return FindWorkplace(r, n) != nullptr; }},
  };
  for (const Ref& ref : refs) {
    for (const std::string& name : ref.names) {
      if (!ref.known(round, name)) {
        return NotFound(ref.what, absl::StrCat(name, " (in ", round.name(), ")"));
      }
    }
  }
  return CheckEconomicsAgainstRound(round, c);
}

absl::StatusOr<v1::Event> NewDraft(const RoundState& round, const v1::ProposalContent& content,
                                   absl::string_view suggestion) {
  RETURN_IF_ERROR(CheckAgainstRound(round.round(), content));
  v1::Event event;
  auto* e = event.mutable_proposal_submitted();
  e->set_proposal(ChildName(LastSegment(round.round().name()), kProposals,
                            ProposalId(std::max(1, round.next_proposal_number()))));
  *e->mutable_content() = content;
  e->set_draft(true);
  e->set_suggestion(std::string(suggestion));
  return event;
}

}  // namespace budget
