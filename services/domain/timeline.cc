#include "services/domain/timeline.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/errors.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

const v1::GateOverride* FindOverride(const v1::Round& round, v1::Gate gate) {
  for (const auto& o : round.gate_overrides()) {
    if (o.gate() == gate) return &o;
  }
  return nullptr;
}

std::string GateCode(v1::Gate gate) { return v1::Gate_Name(gate); }

// `kind`, or `otherwise` when the round does not plan `kind` and has a fallback.
v1::MilestoneKind Effective(const v1::Round& round, v1::MilestoneKind kind,
                            v1::MilestoneKind otherwise) {
  if (otherwise == v1::MILESTONE_KIND_UNSPECIFIED || FindMilestone(round, kind) != nullptr) {
    return kind;
  }
  return otherwise;
}

}  // namespace

const v1::Milestone* FindMilestone(const v1::Round& round, v1::MilestoneKind kind) {
  for (const auto& m : round.milestones()) {
    if (m.kind() == kind) return &m;
  }
  return nullptr;
}

std::optional<absl::Time> MilestonePassedAt(const v1::Round& round, v1::MilestoneKind kind,
                                            absl::Time now) {
  const v1::Milestone* m = FindMilestone(round, kind);
  if (m == nullptr) return std::nullopt;
  std::optional<absl::Time> at;
  if (m->has_reached_at()) at = FromProto(m->reached_at());
  if (m->has_planned_at()) {
    absl::Time planned = FromProto(m->planned_at());
    if (!at.has_value() || planned < *at) at = planned;
  }
  if (at.has_value() && *at <= now) return at;
  return std::nullopt;
}

const std::vector<GateSpec>& AllGates() {
  static const std::vector<GateSpec>* const gates = new std::vector<GateSpec>{
      // 004 §1: the catalogue is finished by April, then the committees choose.
      {v1::GATE_SUBMISSION, v1::MILESTONE_WORK_STARTED, v1::MILESTONE_CATALOGUE_DEADLINE,
       "the submission phase", v1::MILESTONE_KIND_UNSPECIFIED, v1::MILESTONE_PROPOSALS_PRESENTED},
      {v1::GATE_CLAIMS, v1::MILESTONE_CATALOGUE_DEADLINE, v1::MILESTONE_CLAIMS_DEADLINE,
       "the claims phase", v1::MILESTONE_WORK_STARTED, v1::MILESTONE_KIND_UNSPECIFIED},
      {v1::GATE_SELECTION, v1::MILESTONE_PROPOSALS_PRESENTED,
       v1::MILESTONE_FIRST_READING_FINANCE_COMMITTEE, "the selection phase"},
      {v1::GATE_EXPANSION_REQUESTS, v1::MILESTONE_EXPANSION_PROCESS_DECIDED,
       v1::MILESTONE_BUDGET_SEMINAR, "the expansion request phase"},
      {v1::GATE_EXPANSION_DECISIONS, v1::MILESTONE_EXPANSION_DECISIONS_OPEN,
       v1::MILESTONE_EXPANSION_DECISIONS_CLOSE, "the expansion decision phase"},
      // 004 §2 c: ØK handles the law and circular programme in August.
      {v1::GATE_LAW_COMPENSATION, v1::MILESTONE_LAW_PROGRAMME,
       v1::MILESTONE_EXPANSION_DECISIONS_CLOSE,
       "the August window for ØK's law compensation decisions",
       v1::MILESTONE_EXPANSION_DECISIONS_OPEN, v1::MILESTONE_KIND_UNSPECIFIED},
  };
  return *gates;
}

const GateSpec& SpecOf(v1::Gate gate) {
  for (const GateSpec& g : AllGates()) {
    if (g.gate == gate) return g;
  }
  return AllGates().front();
}

namespace {

// What decides a gate: its override, or the milestones that open and close it.
struct GateFacts {
  const v1::GateOverride* forced = nullptr;  // an override other than automatic
  v1::MilestoneKind opens_at = v1::MILESTONE_KIND_UNSPECIFIED;
  v1::MilestoneKind closes_at = v1::MILESTONE_KIND_UNSPECIFIED;
  std::optional<absl::Time> opened, closed;

  bool open() const {
    if (forced != nullptr) return forced->mode() == v1::GATE_MODE_FORCED_OPEN;
    return opened.has_value() && !closed.has_value();
  }
};

GateFacts FactsOf(const v1::Round& round, v1::Gate gate, absl::Time now) {
  GateFacts f;
  if (const v1::GateOverride* o = FindOverride(round, gate);
      o != nullptr && o->mode() != v1::GATE_MODE_AUTOMATIC) {
    f.forced = o;
    return f;
  }
  const GateSpec& spec = SpecOf(gate);
  f.opens_at = Effective(round, spec.opens, spec.opens_otherwise);
  f.closes_at = Effective(round, spec.closes, spec.closes_otherwise);
  f.opened = MilestonePassedAt(round, f.opens_at, now);
  f.closed = MilestonePassedAt(round, f.closes_at, now);
  return f;
}

}  // namespace

bool IsGateOpen(const v1::Round& round, v1::Gate gate, absl::Time now) {
  return FactsOf(round, gate, now).open();
}

GateState EvaluateGate(const v1::Round& round, v1::Gate gate, absl::Time now) {
  const GateFacts f = FactsOf(round, gate, now);
  if (const v1::GateOverride* o = f.forced; o != nullptr) {
    // No name when the reader may not see it (visibility.h clears `by`).
    return {f.open(), absl::StrCat(f.open() ? "forced open" : "forced closed",
                                   o->by().empty() ? "" : absl::StrCat(" by ", o->by()), " on ",
                                   TimeString(FromProto(o->at())), ": ", o->reason())};
  }
  const std::string opens = v1::MilestoneKind_Name(f.opens_at);
  const std::string closes = v1::MilestoneKind_Name(f.closes_at);
  if (f.closed.has_value()) {
    return {false, absl::StrCat("closed since ", closes, " passed on ", TimeString(*f.closed))};
  }
  if (!f.opened.has_value()) {
    const v1::Milestone* m = FindMilestone(round, f.opens_at);
    if (m == nullptr || !m->has_planned_at()) {
      return {false, absl::StrCat("not open: ", opens, " is not planned yet")};
    }
    return {false,
            absl::StrCat("not open until ", opens, " on ", TimeString(FromProto(m->planned_at())))};
  }
  const v1::Milestone* end = FindMilestone(round, f.closes_at);
  std::string until =
      end != nullptr && end->has_planned_at()
          ? absl::StrCat("; closes at ", closes, " on ", TimeString(FromProto(end->planned_at())))
          : "";
  return {true, absl::StrCat("open since ", opens, " passed on ", TimeString(*f.opened), until)};
}

absl::Status RequireGate(const v1::Round& round, v1::Gate gate, absl::Time now,
                         absl::string_view subject) {
  if (IsGateOpen(round, gate, now)) return absl::OkStatus();
  return PreconditionFailed(GateCode(gate), subject,
                            absl::StrCat(SpecOf(gate).title, " (", GateCode(gate), ") is ",
                                         EvaluateGate(round, gate, now).explanation));
}

void FillGateStatuses(v1::Round* round, absl::Time now) {
  round->clear_gates();
  for (const GateSpec& spec : AllGates()) {
    GateState s = EvaluateGate(*round, spec.gate, now);
    auto* g = round->add_gates();
    g->set_gate(spec.gate);
    g->set_open(s.open);
    g->set_explanation(s.explanation);
  }
}

}  // namespace budget
