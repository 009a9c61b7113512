#include "services/domain/validate.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/domain/names.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

size_t CountChars(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void CheckRequestId(FieldErrors* e, absl::string_view id) {
  if (id.empty()) {
    e->Add("request_id", "is required: a client-chosen id (e.g. a UUID) that makes retries safe");
    return;
  }
  if (id.size() > kMaxRequestIdChars) {
    e->Add("request_id",
           absl::StrCat("is ", id.size(), " characters; the limit is ", kMaxRequestIdChars));
    return;
  }
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) {
      e->Add("request_id", "must be printable ASCII without spaces");
      return;
    }
  }
}

void CheckId(FieldErrors* e, absl::string_view field, absl::string_view id) {
  if (!IsValidId(id)) {
    e->Add(field, absl::StrCat("must be 1..63 of [a-z0-9-] not starting with '-', got \"",
                               Abbreviate(id), "\""));
  }
}

void CheckRound(FieldErrors* e, absl::string_view field, absl::string_view name) {
  if (!ParseRoundName(name, field).ok()) e->Add(field, NameError("", name));
}

void CheckChild(FieldErrors* e, absl::string_view field, absl::string_view name,
                absl::string_view collection) {
  if (!ParseChildName(name, collection, field).ok()) e->Add(field, NameError(collection, name));
}

template <typename Enum>
void CheckEnum(FieldErrors* e, absl::string_view field, int value, bool (*is_valid)(int),
               const std::string& (*name)(Enum)) {
  if (value == 0 || !is_valid(value)) {
    e->Add(field,
           absl::StrCat(value == 0 ? "is required" : absl::StrCat("has unknown value ", value),
                        ", e.g. ", name(static_cast<Enum>(1))));
  }
}

void CheckTimestamp(FieldErrors* e, absl::string_view field, bool present,
                    const google::protobuf::Timestamp& t) {
  // Years 1..9999, as google.protobuf.Timestamp defines.
  if (!present) {
    e->Add(field, "is required");
  } else if (t.seconds() < -62135596800 || t.seconds() > 253402300799 || t.nanos() < 0 ||
             t.nanos() > 999999999) {
    e->Add(field, "is outside 0001-01-01..9999-12-31");
  }
}

void CheckDate(FieldErrors* e, absl::string_view field, bool present, const v1::Date& d) {
  if (!present) {
    e->Add(field, "is required");
  } else if (!IsValidDate(d)) {
    e->Add(field, absl::StrCat("is not a calendar day: ", d.year(), "-", d.month(), "-", d.day()));
  }
}

void CheckReferences(FieldErrors* e, absl::string_view field,
                     const google::protobuf::RepeatedPtrField<std::string>& names,
                     absl::string_view collection, bool required) {
  if (required && names.empty()) e->Add(field, "needs at least one entry");
  if (names.size() > kMaxReferences) {
    e->Add(field, absl::StrCat("has ", names.size(), " entries; the limit is ", kMaxReferences));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    std::string f = absl::StrCat(field, "[", i, "]");
    CheckChild(e, f, names[i], collection);
    if (!seen.insert(names[i]).second) e->Add(f, absl::StrCat("repeats ", Abbreviate(names[i])));
  }
}

void CheckTargets(FieldErrors* e, const v1::Targets& t) {
  CheckAmount(e, "targets.catalogue_total_kr", t.catalogue_total_kr());
  CheckAmount(e, "targets.raaderum_kr", t.raaderum_kr());
  for (auto [field, bp] : {std::pair{"targets.cross_cutting_share_bp", t.cross_cutting_share_bp()},
                           std::pair{"targets.centre_own_share_bp", t.centre_own_share_bp()}}) {
    if (bp < 0 || bp > 10000) {
      e->Add(field, absl::StrCat("must be 0..10000 basis points, got ", bp));
    }
  }
}

using Check = void (*)(const internal::Command&, FieldErrors*);

void CreateRound(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.create_round();
  CheckId(e, "round_id", r.round_id());
  CheckText(e, "municipality", r.municipality(), 1, 100);
  if (r.budget_year() < 2000 || r.budget_year() > 2100) {
    e->Add("budget_year", absl::StrCat("must be 2000..2100, got ", r.budget_year()));
  }
  CheckTargets(e, r.targets());
  if (r.template_() != 0) {
    CheckEnum(e, "template", r.template_(), v1::RoundTemplate_IsValid,
              v1::RoundTemplate_Name<v1::RoundTemplate>);
  }
}

void DefineCommittee(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.define_committee();
  CheckRound(e, "parent", r.parent());
  CheckId(e, "committee_id", r.committee_id());
  CheckText(e, "committee.display_name", r.committee().display_name(), 1, kMaxTitleChars);
  CheckAmount(e, "committee.operating_frame_kr", r.committee().operating_frame_kr());
  CheckAmount(e, "committee.shortfall_kr", r.committee().shortfall_kr());
}

void DefineCentre(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.define_centre();
  CheckRound(e, "parent", r.parent());
  CheckId(e, "centre_id", r.centre_id());
  CheckText(e, "centre.display_name", r.centre().display_name(), 1, kMaxTitleChars);
  if (!r.centre().committee().empty()) {
    CheckChild(e, "centre.committee", r.centre().committee(), kCommittees);
  }
  CheckAmount(e, "centre.budget_kr", r.centre().budget_kr());
}

void DefineWorkplace(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.define_workplace();
  CheckRound(e, "parent", r.parent());
  CheckId(e, "workplace_id", r.workplace_id());
  CheckText(e, "workplace.display_name", r.workplace().display_name(), 1, kMaxTitleChars);
  CheckChild(e, "workplace.centre", r.workplace().centre(), kCentres);
  CheckChild(e, "workplace.committee", r.workplace().committee(), kCommittees);
}

void SetMilestone(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.set_milestone();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MilestoneKind_IsValid,
            v1::MilestoneKind_Name<v1::MilestoneKind>);
  CheckTimestamp(e, "planned_at", r.has_planned_at(), r.planned_at());
}

void ReachMilestone(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.reach_milestone();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MilestoneKind_IsValid,
            v1::MilestoneKind_Name<v1::MilestoneKind>);
}

void OverrideGate(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.override_gate();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "gate", r.gate(), v1::Gate_IsValid, v1::Gate_Name<v1::Gate>);
  CheckEnum(e, "mode", r.mode(), v1::GateMode_IsValid, v1::GateMode_Name<v1::GateMode>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void SubmitProposal(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.submit_proposal();
  CheckRound(e, "parent", r.parent());
  ValidateContent(r.content(), {}, "content.", e);
}

void AmendProposal(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.amend_proposal();
  CheckChild(e, "name", r.name(), kProposals);
  if (r.expected_version() < 1) {
    e->Add("expected_version", "is required: the Proposal.version the amendment is based on");
  }
  std::vector<std::string> paths(r.update_mask().paths().begin(), r.update_mask().paths().end());
  if (paths.empty()) {
    e->Add("update_mask", "must name at least one field of ProposalContent");
    return;
  }
  const auto* desc = v1::ProposalContent::descriptor();
  for (size_t i = 0; i < paths.size(); ++i) {
    if (desc->FindFieldByName(paths[i]) == nullptr) {
      e->Add(absl::StrCat("update_mask.paths[", i, "]"),
             absl::StrCat("\"", Abbreviate(paths[i]), "\" is not a field of ProposalContent"));
    }
  }
  ValidateContent(r.content(), paths, "content.", e);
}

void WithdrawProposal(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.withdraw_proposal();
  CheckChild(e, "name", r.name(), kProposals);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void ClaimProposal(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.claim_proposal();
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckChild(e, "committee", r.committee(), kCommittees);
}

void ReleaseClaim(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.release_claim();
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckText(e, "reason", r.reason(), 0, kMaxReasonChars);
}

void SelectFromPool(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "proposal", c.select_from_pool().proposal(), kProposals);
}

void DeselectFromPool(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "proposal", c.deselect_from_pool().proposal(), kProposals);
}

void ApproveSelection(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.approve_selection();
  CheckRound(e, "round", r.round());
  CheckDate(e, "meeting_date", r.has_meeting_date(), r.meeting_date());
}

void CheckBody(FieldErrors* e, absl::string_view field, absl::string_view name) {
  if (!IsValidBodyName(name) && !ParseChildName(name, kWorkplaces, field).ok()) {
    e->Add(field, absl::StrCat("expected \"bodies/<id>\" or a workplace name, got \"",
                               Abbreviate(name), "\""));
  }
}

void OpenHearing(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.open_hearing();
  CheckRound(e, "round", r.round());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckReferences(e, "proposals", r.proposals(), kProposals, true);
  if (r.bodies_size() > kMaxReferences) e->Add("bodies", "has too many entries");
  for (int i = 0; i < r.bodies_size() && i < kMaxReferences; ++i) {
    const v1::HearingBody& b = r.bodies(i);
    const std::string f = absl::StrCat("bodies[", i, "]");
    CheckEnum(e, f + ".kind", b.kind(), v1::BodyKind_IsValid, v1::BodyKind_Name<v1::BodyKind>);
    if (b.kind() == v1::BODY_WORKPLACE) {
      CheckChild(e, f + ".name", b.name(), kWorkplaces);
    } else if (!IsValidBodyName(b.name())) {
      e->Add(f + ".name",
             absl::StrCat("expected \"bodies/<id>\", got \"", Abbreviate(b.name()), "\""));
    } else if (b.kind() == v1::BODY_HMU && b.name() != kHmuBody) {
      e->Add(f + ".name", "HMU is \"bodies/hmu\"");
    }
    CheckText(e, f + ".display_name", b.display_name(), 0, kMaxTitleChars);
  }
  CheckTimestamp(e, "deadline", r.has_deadline(), r.deadline());
}

void Respond(const v1::SubmitResponseRequest& r, FieldErrors* e) {
  CheckChild(e, "hearing", r.hearing(), kHearings);
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckBody(e, "body", r.body());
  CheckEnum(e, "stance", r.stance(), v1::Stance_IsValid, v1::Stance_Name<v1::Stance>);
  CheckText(e, "text", r.text(), r.stance() == v1::STANCE_NO_COMMENT ? 0 : 1, kMaxTextChars);
  if (r.attachments_size() > 20) e->Add("attachments", "has more than 20 entries");
  for (int i = 0; i < r.attachments_size() && i < 20; ++i) {
    CheckText(e, absl::StrCat("attachments[", i, "]"), r.attachments(i), 1, kMaxReasonChars);
  }
}

void SubmitResponse(const internal::Command& c, FieldErrors* e) { Respond(c.submit_response(), e); }
void AmendResponse(const internal::Command& c, FieldErrors* e) { Respond(c.amend_response(), e); }

void CloseHearing(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "hearing", c.close_hearing().hearing(), kHearings);
  CheckText(e, "reason", c.close_hearing().reason(), 1, kMaxReasonChars);
}

void DecideRehearing(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.decide_rehearing();
  CheckChild(e, "hearing", r.hearing(), kHearings);
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckEnum(e, "decision", r.decision(), v1::RehearingDecision_IsValid,
            v1::RehearingDecision_Name<v1::RehearingDecision>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void RecordMeeting(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.record_meeting();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::MeetingKind_IsValid, v1::MeetingKind_Name<v1::MeetingKind>);
  CheckDate(e, "date", r.has_date(), r.date());
  if (r.participants_size() > 100) e->Add("participants", "has more than 100 entries");
  for (int i = 0; i < r.participants_size() && i < 100; ++i) {
    CheckText(e, absl::StrCat("participants[", i, "]"), r.participants(i), 1, kMaxTitleChars);
  }
  CheckText(e, "minutes", r.minutes(), 0, 5 * kMaxTextChars);
  CheckReferences(e, "proposals", r.proposals(), kProposals, false);
}

void InformBody(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.inform_body();
  CheckRound(e, "round", r.round());
  CheckBody(e, "body", r.body());
  CheckText(e, "what", r.what(), 1, kMaxTextChars);
}

void AskQuestion(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.ask_question();
  CheckChild(e, "proposal", r.proposal(), kProposals);
  CheckChild(e, "meeting", r.meeting(), kMeetings);
  CheckText(e, "text", r.text(), 1, kMaxTextChars);
}

void AnswerQuestion(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "question", c.answer_question().question(), kQuestions);
  CheckText(e, "answer", c.answer_question().answer(), 1, kMaxTextChars);
}

void WaiveRequirement(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.waive_requirement();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "requirement", r.requirement(), v1::Requirement_IsValid,
            v1::Requirement_Name<v1::Requirement>);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

// Yearly amounts: each year once; `allow_negative` for corrections.
void CheckYears(FieldErrors* e, absl::string_view field,
                const google::protobuf::RepeatedPtrField<v1::YearAmount>& amounts,
                bool allow_negative) {
  std::set<int> years;
  if (amounts.size() > 10) e->Add(field, "has more entries than a period has years");
  for (int i = 0; i < amounts.size() && i < 10; ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const int64_t v = amounts[i].amount_kr();
    if (allow_negative ? (v < -kMaxAmountKr || v > kMaxAmountKr) : (v < 0 || v > kMaxAmountKr)) {
      e->Add(f + ".amount_kr", absl::StrCat(allow_negative ? "must be -10^12..10^12 kr., got "
                                                           : "must be 0..10^12 kr., got ",
                                            v));
    }
    if (!years.insert(amounts[i].year()).second) {
      e->Add(f + ".year", absl::StrCat("repeats year ", amounts[i].year()));
    }
  }
}

void RequestExpansion(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.request_expansion();
  CheckRound(e, "round", r.round());
  CheckText(e, "title", r.title(), 1, kMaxTitleChars);
  CheckText(e, "description", r.description(), 0, kMaxTextChars);
  CheckChild(e, "committee", r.committee(), kCommittees);
}

void CostExpansion(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.cost_expansion();
  CheckChild(e, "expansion", r.expansion(), kExpansions);
  CheckYears(e, "costs", r.costs(), false);
  CheckAmount(e, "full_implementation_kr", r.full_implementation_kr());
  CheckText(e, "assumptions", r.assumptions(), 1, kMaxTextChars);
}

void SetExpansionFrame(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "committee", c.set_expansion_frame().committee(), kCommittees);
  CheckAmount(e, "frame_kr", c.set_expansion_frame().frame_kr());
}

void DecideExpansion(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "expansion", c.decide_expansion().expansion(), kExpansions);
  CheckText(e, "reason", c.decide_expansion().reason(), 0, kMaxReasonChars);
}

void RecordSeminar(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.record_seminar();
  CheckRound(e, "round", r.round());
  CheckDate(e, "first_day", r.has_first_day(), r.first_day());
  CheckDate(e, "last_day", r.has_last_day(), r.last_day());
  if (IsValidDate(r.first_day()) && IsValidDate(r.last_day()) &&
      StartOfDay(r.last_day()) < StartOfDay(r.first_day())) {
    e->Add("last_day", "is before first_day");
  }
  if (r.participants_size() > 100) e->Add("participants", "has more than 100 entries");
  CheckText(e, "minutes", r.minutes(), 0, 5 * kMaxTextChars);
}

void SetIndicativePriority(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.set_indicative_priority();
  CheckRound(e, "round", r.round());
  if (r.ranking_size() == 0) e->Add("ranking", "needs at least one entry");
  if (r.ranking_size() > kMaxReferences) e->Add("ranking", "has too many entries");
  std::set<std::string> seen;
  for (int i = 0; i < r.ranking_size() && i < kMaxReferences; ++i) {
    const std::string f = absl::StrCat("ranking[", i, "]");
    if (!ParseChildName(r.ranking(i), kExpansions, f).ok() &&
        !ParseChildName(r.ranking(i), kProposals, f).ok()) {
      e->Add(f, absl::StrCat("expected an expansion or proposal name, got \"",
                             Abbreviate(r.ranking(i)), "\""));
    }
    if (!seen.insert(r.ranking(i)).second) e->Add(f, "repeats an earlier entry");
  }
  CheckText(e, "note", r.note(), 0, kMaxTextChars);
}

void RecordReading(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.record_reading();
  CheckRound(e, "round", r.round());
  CheckEnum(e, "kind", r.kind(), v1::ReadingKind_IsValid, v1::ReadingKind_Name<v1::ReadingKind>);
  CheckDate(e, "date", r.has_date(), r.date());
  CheckText(e, "outcome", r.outcome(), 1, kMaxTextChars);
  if (r.amendments_size() > kMaxReferences) e->Add("amendments", "has too many entries");
  for (int i = 0; i < r.amendments_size() && i < kMaxReferences; ++i) {
    const std::string f = absl::StrCat("amendments[", i, "]");
    const auto& a = r.amendments(i);
    if (!ParseChildName(a.subject(), kExpansions, f).ok() &&
        !ParseChildName(a.subject(), kProposals, f).ok()) {
      e->Add(f + ".subject", "expected an expansion or proposal name");
    }
    if (a.amount_kr() < -kMaxAmountKr || a.amount_kr() > kMaxAmountKr) {
      e->Add(f + ".amount_kr", "must be within -10^12..10^12 kr.");
    }
    CheckText(e, f + ".description", a.description(), 0, kMaxReasonChars);
  }
}

void AdoptBudget(const internal::Command& c, FieldErrors* e) {
  CheckRound(e, "round", c.adopt_budget().round());
  CheckDate(e, "meeting_date", c.adopt_budget().has_meeting_date(),
            c.adopt_budget().meeting_date());
}

void RecordFrameCorrection(const internal::Command& c, FieldErrors* e) {
  const auto& r = c.record_frame_correction();
  CheckChild(e, "committee", r.committee(), kCommittees);
  CheckEnum(e, "kind", r.kind(), v1::CorrectionKind_IsValid,
            v1::CorrectionKind_Name<v1::CorrectionKind>);
  if (r.amounts_size() == 0) e->Add("amounts", "needs at least one year");
  CheckYears(e, "amounts", r.amounts(), true);
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

void DecideFrameCorrection(const internal::Command& c, FieldErrors* e) {
  CheckChild(e, "correction", c.decide_frame_correction().correction(), kCorrections);
  CheckText(e, "reason", c.decide_frame_correction().reason(), 1, kMaxReasonChars);
}

Check CheckFor(internal::Command::KindCase kind) {
  using K = internal::Command;
  switch (kind) {
    case K::kCreateRound:
      return CreateRound;
    case K::kDefineCommittee:
      return DefineCommittee;
    case K::kDefineCentre:
      return DefineCentre;
    case K::kDefineWorkplace:
      return DefineWorkplace;
    case K::kSetMilestone:
      return SetMilestone;
    case K::kReachMilestone:
      return ReachMilestone;
    case K::kOverrideGate:
      return OverrideGate;
    case K::kSubmitProposal:
      return SubmitProposal;
    case K::kAmendProposal:
      return AmendProposal;
    case K::kWithdrawProposal:
      return WithdrawProposal;
    case K::kClaimProposal:
      return ClaimProposal;
    case K::kReleaseClaim:
      return ReleaseClaim;
    case K::kSelectFromPool:
      return SelectFromPool;
    case K::kDeselectFromPool:
      return DeselectFromPool;
    case K::kApproveSelection:
      return ApproveSelection;
    case K::kOpenHearing:
      return OpenHearing;
    case K::kSubmitResponse:
      return SubmitResponse;
    case K::kAmendResponse:
      return AmendResponse;
    case K::kCloseHearing:
      return CloseHearing;
    case K::kDecideRehearing:
      return DecideRehearing;
    case K::kRecordMeeting:
      return RecordMeeting;
    case K::kInformBody:
      return InformBody;
    case K::kAskQuestion:
      return AskQuestion;
    case K::kAnswerQuestion:
      return AnswerQuestion;
    case K::kWaiveRequirement:
      return WaiveRequirement;
    case K::kRequestExpansion:
      return RequestExpansion;
    case K::kCostExpansion:
      return CostExpansion;
    case K::kSetExpansionFrame:
      return SetExpansionFrame;
    case K::kDecideExpansion:
      return DecideExpansion;
    case K::kRecordSeminar:
      return RecordSeminar;
    case K::kSetIndicativePriority:
      return SetIndicativePriority;
    case K::kRecordReading:
      return RecordReading;
    case K::kAdoptBudget:
      return AdoptBudget;
    case K::kRecordFrameCorrection:
      return RecordFrameCorrection;
    case K::kDecideFrameCorrection:
      return DecideFrameCorrection;
    case K::KIND_NOT_SET:
      break;
  }
  return nullptr;
}

}  // namespace

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

void CheckText(FieldErrors* e, absl::string_view field, absl::string_view value, size_t min_chars,
               size_t max_chars) {
  if (!IsValidUtf8(value)) {
    e->Add(field, "is not valid UTF-8");
    return;
  }
  size_t n = CountChars(value);
  if (n < min_chars) {
    e->Add(field, min_chars == 1 ? std::string("is required")
                                 : absl::StrCat("needs at least ", min_chars, " characters"));
  } else if (n > max_chars) {
    e->Add(field, absl::StrCat("is ", n, " characters; the limit is ", max_chars));
  }
}

void CheckAmount(FieldErrors* e, absl::string_view field, int64_t value) {
  if (value < 0 || value > kMaxAmountKr) {
    e->Add(field, absl::StrCat("must be 0..1000000000000 kr., got ", value));
  }
}

void ValidateContent(const v1::ProposalContent& c, const std::vector<std::string>& paths,
                     absl::string_view prefix, FieldErrors* e) {
  auto wanted = [&](absl::string_view field) {
    return paths.empty() || std::find(paths.begin(), paths.end(), field) != paths.end();
  };
  auto f = [&](absl::string_view field) { return absl::StrCat(prefix, field); };
  if (wanted("title")) CheckText(e, f("title"), c.title(), 1, kMaxTitleChars);
  if (wanted("description")) CheckText(e, f("description"), c.description(), 0, kMaxTextChars);
  if (wanted("category")) {
    CheckEnum(e, f("category"), c.category(), v1::ProposalCategory_IsValid,
              v1::ProposalCategory_Name<v1::ProposalCategory>);
  }
  if (wanted("committees")) CheckReferences(e, f("committees"), c.committees(), kCommittees, true);
  if (wanted("centres")) CheckReferences(e, f("centres"), c.centres(), kCentres, false);
  if (wanted("workplaces")) CheckReferences(e, f("workplaces"), c.workplaces(), kWorkplaces, false);
  if (wanted("effects")) CheckYears(e, f("effects"), c.effects(), false);
  if (wanted("full_implementation_kr")) {
    CheckAmount(e, f("full_implementation_kr"), c.full_implementation_kr());
  }
  if (wanted("implementation_start")) {
    CheckDate(e, f("implementation_start"), c.has_implementation_start(), c.implementation_start());
  }
  if (wanted("citizen_consequences")) {
    CheckText(e, f("citizen_consequences"), c.citizen_consequences(), 0, kMaxTextChars);
  }
  if (wanted("staff_consequences")) {
    CheckText(e, f("staff_consequences"), c.staff_consequences(), 0, kMaxTextChars);
  }
  if (wanted("staff_reduction_fte_hundredths")) {
    int64_t v = c.staff_reduction_fte_hundredths();
    if (v < 0 || v > kMaxFteHundredths) {
      e->Add(f("staff_reduction_fte_hundredths"),
             absl::StrCat("must be 0..", kMaxFteHundredths, " hundredths of an FTE, got ", v));
    }
  }
  if (wanted("submitter_kind")) {
    CheckEnum(e, f("submitter_kind"), c.submitter_kind(), v1::SubmitterKind_IsValid,
              v1::SubmitterKind_Name<v1::SubmitterKind>);
  }
}

absl::Status ValidateCommand(const internal::Command& command) {
  Check check = CheckFor(command.kind_case());
  if (check == nullptr) return InvalidField("kind", "no command given");
  FieldErrors errors;
  const auto* reflection = command.GetReflection();
  const auto* field = reflection->GetOneofFieldDescriptor(
      command, internal::Command::descriptor()->FindOneofByName("kind"));
  const auto& request = reflection->GetMessage(command, field);
  const auto* id = request.GetDescriptor()->FindFieldByName("request_id");
  CheckRequestId(&errors, request.GetReflection()->GetString(request, id));
  check(command, &errors);
  return errors.ToStatus();
}

}  // namespace budget
