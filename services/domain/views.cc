#include "services/domain/views.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "services/domain/errors.h"
#include "services/domain/hearings.h"
#include "services/domain/names.h"
#include "services/domain/processes.h"
#include "services/domain/timeline.h"
#include "services/domain/visibility.h"

namespace budget {

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

namespace {

std::string MakeToken(absl::string_view kind, absl::string_view after) {
  return absl::WebSafeBase64Escape(absl::StrCat(kind, ":", after));
}

// The position after which the page starts; empty for the first page.
absl::StatusOr<std::string> ParseToken(absl::string_view token, absl::string_view kind) {
  if (token.empty()) return std::string();
  std::string raw;
  absl::string_view rest;
  if (absl::WebSafeBase64Unescape(token, &raw)) {
    rest = raw;
    if (absl::ConsumePrefix(&rest, kind) && absl::ConsumePrefix(&rest, ":"))
      return std::string(rest);
  }
  return InvalidField("page_token", "is not a token from a previous response of this call");
}

// The first sequence number of a page ("proposals", "hearings").
absl::StatusOr<int> PageStart(absl::string_view token, absl::string_view kind) {
  ASSIGN_OR_RETURN(std::string after, ParseToken(token, kind));
  int start = 1;
  if (!after.empty() && (!absl::SimpleAtoi(after, &start) || start < 1)) {
    return InvalidField("page_token", "is not a token from a previous response of this call");
  }
  return start;
}

v1::GetHearingRequest HearingRequest(absl::string_view name) {
  v1::GetHearingRequest r;
  r.set_name(std::string(name));
  return r;
}

// A child kept in one of a round's maps, by name.
template <typename T>
const T* FindChild(const State& s, absl::string_view name, absl::string_view collection,
                   const google::protobuf::Map<std::string, T>& (RoundState::*map)() const) {
  absl::StatusOr<ChildRef> ref = ParseChildName(name, collection, "name");
  if (!ref.ok()) return nullptr;
  auto round = s.rounds().find(ref->round_id);
  if (round == s.rounds().end()) return nullptr;
  const auto& items = (round->second.*map)();
  auto it = items.find(ref->id);
  return it == items.end() ? nullptr : &it->second;
}

}  // namespace

v1::Round RoundView(const RoundState& round, absl::Time now) {
  v1::Round r = round.round();
  FillGateStatuses(&r, now);
  return r;
}

v1::Proposal ProposalView(const RoundState& round, const v1::Proposal& proposal, absl::Time now) {
  v1::Proposal p = proposal;
  FillHearingStatus(round, &p, now);
  return p;
}

v1::Hearing HearingView(const v1::Hearing& hearing, absl::Time now) {
  v1::Hearing h = hearing;
  h.set_state(StateOf(hearing, now));
  return h;
}

absl::StatusOr<v1::Hearing> GetHearing(const State& s, const v1::GetHearingRequest& r,
                                       absl::Time now) {
  RETURN_IF_ERROR(ParseChildName(r.name(), kHearings, "name").status());
  const v1::Hearing* h = FindChild(s, r.name(), kHearings, &RoundState::hearings);
  if (h == nullptr) return NotFound("hearing", r.name());
  return HearingView(*h, now);
}

absl::StatusOr<v1::ListHearingsResponse> ListHearings(const State& s,
                                                      const v1::ListHearingsRequest& r,
                                                      absl::Time now) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  ASSIGN_OR_RETURN(int size, PageSize(r.page_size()));
  ASSIGN_OR_RETURN(int start, PageStart(r.page_token(), "hearings"));
  v1::ListHearingsResponse out;
  PageBudget page(size);
  for (int n = start; n < round->next_hearing_number(); ++n) {
    auto it = round->hearings().find(SequenceId('H', n));
    if (it == round->hearings().end()) continue;
    const v1::Hearing& h = it->second;
    if (!r.proposal().empty() && std::find(h.proposals().begin(), h.proposals().end(),
                                           r.proposal()) == h.proposals().end()) {
      continue;
    }
    v1::Hearing view = HearingView(h, now);
    if (!page.Take(view)) {
      out.set_next_page_token(MakeToken("hearings", absl::StrCat(n)));
      break;
    }
    *out.add_hearings() = std::move(view);
  }
  return out;
}

absl::StatusOr<v1::ListMeetingsResponse> ListMeetings(const State& s,
                                                      const v1::ListMeetingsRequest& r,
                                                      absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  v1::ListMeetingsResponse out;
  for (int n = 1; n < round->next_meeting_number(); ++n) {
    auto it = round->meetings().find(SequenceId('M', n));
    if (it != round->meetings().end()) *out.add_meetings() = it->second;
  }
  for (int n = 1; n < round->next_question_number(); ++n) {
    auto q = round->question_proposals().find(SequenceId('Q', n));
    if (q == round->question_proposals().end()) continue;
    for (const v1::Question& question : round->proposals().at(q->second).questions()) {
      if (LastSegment(question.name()) == q->first) *out.add_questions() = question;
    }
  }
  *out.mutable_informed() = round->informed();
  *out.mutable_waivers() = round->waivers();
  return out;
}

absl::StatusOr<v1::Round> GetRound(const State& s, const v1::GetRoundRequest& r, absl::Time now) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.name(), "name"));
  return RoundView(*round, now);
}

absl::StatusOr<v1::ListRoundsResponse> ListRounds(const State& s, const v1::ListRoundsRequest& r,
                                                  absl::Time now) {
  ASSIGN_OR_RETURN(int size, PageSize(r.page_size()));
  ASSIGN_OR_RETURN(std::string after, ParseToken(r.page_token(), "rounds"));
  std::vector<const std::string*> ids;
  for (const auto& [id, unused] : s.rounds()) {
    if (id > after) ids.push_back(&id);
  }
  std::sort(ids.begin(), ids.end(), [](const auto* a, const auto* b) { return *a < *b; });
  v1::ListRoundsResponse out;
  for (const std::string* id : ids) {
    if (out.rounds_size() == size) {
      out.set_next_page_token(
          MakeToken("rounds", out.rounds(out.rounds_size() - 1).name().substr(7)));
      break;
    }
    *out.add_rounds() = RoundView(s.rounds().at(*id), now);
  }
  return out;
}

absl::StatusOr<v1::Proposal> GetProposal(const State& s, const v1::GetProposalRequest& r,
                                         absl::Time now) {
  ASSIGN_OR_RETURN(ProposalRef ref, RequireProposal(s, r.name(), "name"));
  return ProposalView(*ref.round, *ref.proposal, now);
}

absl::StatusOr<v1::ListProposalsResponse> ListProposals(const State& s,
                                                        const v1::ListProposalsRequest& r,
                                                        absl::Time now) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  ASSIGN_OR_RETURN(int size, PageSize(r.page_size()));
  ASSIGN_OR_RETURN(int first, PageStart(r.page_token(), "proposals"));
  const int start = first;
  // The filters `matches` applies; without any every proposal matches.
  const bool filtered =
      !r.committee().empty() || r.category() != 0 || r.status() != 0 || r.has_cross_cutting();
  auto matches = [&](const v1::Proposal& p) {
    if (!r.committee().empty() &&
        std::find(p.content().committees().begin(), p.content().committees().end(),
                  r.committee()) == p.content().committees().end()) {
      return false;
    }
    if (r.category() != 0 && p.content().category() != r.category()) return false;
    if (r.status() != 0 && p.status() != r.status()) return false;
    if (r.has_cross_cutting() && p.cross_cutting() != r.cross_cutting()) return false;
    return true;
  };
  v1::ListProposalsResponse out;
  PageBudget page(size);
  // Proposal numbers are dense from 1: walking them from the token is id
  // order without a sort, and a page costs only the proposals it shows.
  for (int n = start; n < round->next_proposal_number(); ++n) {
    auto it = round->proposals().find(ProposalId(n));
    if (it == round->proposals().end() || !matches(it->second)) continue;
    v1::Proposal view = ProposalView(*round, it->second, now);
    if (!page.Take(view)) {
      out.set_next_page_token(MakeToken("proposals", absl::StrCat(n)));
      break;
    }
    *out.add_proposals() = std::move(view);
  }
  out.set_total_size(filtered
                         ? std::count_if(round->proposals().begin(), round->proposals().end(),
                                         [&](const auto& entry) { return matches(entry.second); })
                         : round->proposals_size());
  return out;
}

absl::StatusOr<v1::ListSuggestionsResponse> ListSuggestions(const State& s,
                                                            const v1::ListSuggestionsRequest& r,
                                                            const v1::Principal& reader,
                                                            absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.parent(), "parent"));
  ASSIGN_OR_RETURN(int size, PageSize(r.page_size()));
  ASSIGN_OR_RETURN(int start, PageStart(r.page_token(), "suggestions"));
  v1::ListSuggestionsResponse out;
  PageBudget page(size);
  for (int n = start; n < round->next_suggestion_number(); ++n) {
    auto it = round->suggestions().find(SequenceId('S', n));
    if (it == round->suggestions().end() || !MaySee(reader, it->second)) continue;
    if (r.status() != 0 && it->second.status() != r.status()) continue;
    if (!page.Take(it->second)) {
      out.set_next_page_token(MakeToken("suggestions", absl::StrCat(n)));
      break;
    }
    *out.add_suggestions() = it->second;
  }
  return out;
}

absl::StatusOr<v1::Expansion> GetExpansion(const State& s, const v1::GetExpansionRequest& r,
                                           absl::Time /*now*/) {
  RETURN_IF_ERROR(ParseChildName(r.name(), kExpansions, "name").status());
  const v1::Expansion* x = FindChild(s, r.name(), kExpansions, &RoundState::expansions);
  if (x == nullptr) return NotFound("expansion", r.name());
  return *x;
}

absl::StatusOr<v1::ListExpansionsResponse> ListExpansions(const State& s,
                                                          const v1::ListExpansionsRequest& r,
                                                          absl::Time /*now*/) {
  ASSIGN_OR_RETURN(const RoundState* round, RequireRound(s, r.round(), "round"));
  v1::ListExpansionsResponse out;
  for (int n = 1; n < round->next_expansion_number(); ++n) {
    auto it = round->expansions().find(SequenceId('E', n));
    if (it == round->expansions().end()) continue;
    if (!r.committee().empty() && it->second.committee() != r.committee()) continue;
    *out.add_expansions() = it->second;
  }
  return out;
}

v1::CommandResponse ResponseFor(const State& s, const Subject& subject, absl::Time now) {
  v1::CommandResponse out;
  const std::string& name = subject.name;
  switch (subject.kind) {
    case Subject::kRound:
      if (absl::StatusOr<const RoundState*> r = RequireRound(s, name, "subject"); r.ok()) {
        *out.mutable_round() = RoundView(**r, now);
      }
      break;
    case Subject::kProposal:
      if (absl::StatusOr<ProposalRef> p = RequireProposal(s, name, "subject"); p.ok()) {
        *out.mutable_proposal() = ProposalView(*p->round, *p->proposal, now);
      }
      break;
    case Subject::kHearing:
      if (absl::StatusOr<v1::Hearing> h = GetHearing(s, HearingRequest(name), now); h.ok()) {
        *out.mutable_hearing() = *std::move(h);
      }
      break;
    case Subject::kQuestion:
      if (absl::StatusOr<const v1::Question*> q = FindQuestion(s, name); q.ok()) {
        *out.mutable_question() = **q;
      }
      break;
    case Subject::kMeeting:
      if (const v1::Meeting* m = FindChild(s, name, kMeetings, &RoundState::meetings)) {
        *out.mutable_meeting() = *m;
      }
      break;
    case Subject::kExpansion:
      if (const v1::Expansion* x = FindChild(s, name, kExpansions, &RoundState::expansions)) {
        *out.mutable_expansion() = *x;
      }
      break;
    case Subject::kSuggestion:
      if (const v1::Suggestion* g = FindChild(s, name, kSuggestions, &RoundState::suggestions)) {
        *out.mutable_suggestion() = *g;
      }
      break;
    case Subject::kCorrection:
      if (const v1::FrameCorrection* c =
              FindChild(s, name, kCorrections, &RoundState::corrections)) {
        *out.mutable_correction() = *c;
      }
      break;
    case Subject::kTrialProgramme:
    case Subject::kTrial:
    case Subject::kAgreement:
    case Subject::kDialogueMeeting:
    case Subject::kCommitteeCase:
    case Subject::kPolicy:
      ProcessResponse(s, subject, &out);
      break;
    case Subject::kNone:
      break;
  }
  return out;
}

}  // namespace budget
