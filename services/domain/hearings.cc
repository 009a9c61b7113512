#include "services/domain/hearings.h"

#include "absl/strings/str_cat.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

const v1::Hearing* FindHearing(const RoundState& round, absl::string_view name) {
  auto it = round.hearings().find(std::string(LastSegment(name)));
  return it == round.hearings().end() ? nullptr : &it->second;
}

// The proposal's version when the hearing opened.
int64_t OpenedOnVersion(const v1::Hearing& h, absl::string_view proposal) {
  for (int i = 0; i < h.proposals_size() && i < h.proposal_versions_size(); ++i) {
    if (h.proposals(i) == proposal) return h.proposal_versions(i);
  }
  return 0;
}

// The coordinator's latest rehearing decision on `proposal` in `h`, or null.
const v1::RehearingRecord* LatestRehearing(const v1::Hearing& h, absl::string_view proposal) {
  const v1::RehearingRecord* decision = nullptr;
  for (const auto& d : h.rehearing_decisions()) {
    if (d.proposal() == proposal) decision = &d;
  }
  return decision;
}

// True when, in one of the proposal's hearings, the coordinator's latest
// decision is that it must be heard again.
bool RehearingNeeded(const RoundState& round, const v1::Proposal& p) {
  for (const std::string& name : p.hearings()) {
    const v1::Hearing* h = FindHearing(round, name);
    if (h == nullptr) continue;
    const v1::RehearingRecord* d = LatestRehearing(*h, p.name());
    if (d != nullptr && d->decision() == v1::REHEARING_NEEDED) return true;
  }
  return false;
}

// Heard on version `min_version` or later: a response on such a version, or
// a hearing opened on such a version whose deadline passed.
bool HeardSince(const RoundState& round, const v1::Proposal& p, absl::string_view workplace,
                int64_t min_version, absl::Time now) {
  for (const std::string& name : p.hearings()) {
    const v1::Hearing* h = FindHearing(round, name);
    if (h == nullptr) continue;
    for (const v1::HearingBody& body : h->bodies()) {
      if (body.name() != workplace) continue;
      const v1::Response* r = FindResponse(*h, workplace, p.name());
      if (r != nullptr && r->versions().rbegin()->proposal_version() >= min_version) return true;
      if (now >= FromProto(h->deadline()) && OpenedOnVersion(*h, p.name()) >= min_version) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool IsBody(const v1::Principal& who, absl::string_view body) {
  return (HasRole(who, v1::ROLE_HEARING_BODY) && who.body() == body) ||
         (HasRole(who, v1::ROLE_HMU) && body == kHmuBody);
}

v1::HearingState StateOf(const v1::Hearing& h, absl::Time now) {
  if (h.has_close_time()) return v1::HEARING_CLOSED;
  if (now >= FromProto(h.deadline())) return v1::HEARING_DEADLINE_PASSED;
  return v1::HEARING_OPEN;
}

const v1::Response* FindResponse(const v1::Hearing& h, absl::string_view body,
                                 absl::string_view proposal) {
  for (const v1::Response& r : h.responses()) {
    if (r.body() == body && r.proposal() == proposal) return &r;
  }
  return nullptr;
}

v1::BodyHearingStatus StatusOf(const v1::Hearing& h, const v1::HearingBody& body,
                               const v1::Proposal& p, absl::Time now) {
  v1::BodyHearingStatus s;
  s.set_hearing(h.name());
  s.set_body(body.name());
  s.set_kind(body.kind());
  s.set_heard_on_version(OpenedOnVersion(h, p.name()));
  if (const v1::Response* r = FindResponse(h, body.name(), p.name()); r != nullptr) {
    s.set_state(v1::BODY_RESPONDED);
    s.set_stance(r->versions().rbegin()->stance());
    s.set_heard_on_version(r->versions().rbegin()->proposal_version());
  } else {
    s.set_state(now >= FromProto(h.deadline()) ? v1::BODY_DEADLINE_PASSED : v1::BODY_INVITED);
  }
  // The coordinator's latest decision about this proposal in this hearing.
  const v1::RehearingRecord* decision = LatestRehearing(h, p.name());
  if (decision != nullptr) s.set_rehearing(decision->decision());
  const bool waived = decision != nullptr && decision->decision() == v1::REHEARING_NOT_NEEDED &&
                      decision->proposal_version() >= p.version();
  s.set_concerns_older_version(p.version() > s.heard_on_version() && !waived);
  return s;
}

bool IsHeard(const RoundState& round, const v1::Proposal& p, absl::string_view workplace,
             absl::Time now) {
  return HeardSince(round, p, workplace, RehearingNeeded(round, p) ? p.version() : 0, now);
}

std::vector<std::string> WorkplacesNotHeard(const RoundState& round, const v1::Proposal& p,
                                            absl::Time now) {
  std::vector<std::string> out;
  for (const std::string& workplace : p.content().workplaces()) {
    if (!IsHeard(round, p, workplace, now)) out.push_back(workplace);
  }
  return out;
}

absl::Status RequireHeard(const RoundState& round, const v1::Proposal& p, absl::Time now) {
  const bool again = RehearingNeeded(round, p);
  for (const std::string& workplace : p.content().workplaces()) {
    if (HeardSince(round, p, workplace, again ? p.version() : 0, now)) continue;
    if (again) {
      return RuleViolation(
          Rule::kHearBeforeDeciding, p.name(),
          absl::StrCat("Expected ", workplace, " to be heard again on version ", p.version(),
                       " before the case is handled (the coordinator decided a new hearing is "
                       "needed), but it has not responded on that version"));
    }
    return RuleViolation(
        Rule::kHearBeforeDeciding, p.name(),
        absl::StrCat("Expected ", workplace, " to be heard before the case is handled, but it ",
                     p.hearings().empty() ? "was never invited to a hearing on it"
                                          : "has not responded and no hearing deadline it was "
                                            "invited to has passed"));
  }
  return absl::OkStatus();
}

void FillHearingStatus(const RoundState& round, v1::Proposal* p, absl::Time now) {
  p->clear_hearing_status();
  for (const std::string& name : p->hearings()) {
    const v1::Hearing* h = FindHearing(round, name);
    if (h == nullptr) continue;
    for (const v1::HearingBody& body : h->bodies()) {
      // A proposal's hearing concerns its own workplaces and the general
      // bodies, not another proposal's workplaces.
      if (body.kind() == v1::BODY_WORKPLACE &&
          std::find(p->content().workplaces().begin(), p->content().workplaces().end(),
                    body.name()) == p->content().workplaces().end()) {
        continue;
      }
      *p->add_hearing_status() = StatusOf(*h, body, *p, now);
    }
  }
}

}  // namespace budget
