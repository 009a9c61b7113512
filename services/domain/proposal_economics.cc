#include "services/domain/proposal_economics.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/names.h"
#include "services/domain/state.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// A line's type as the summary counts it: an effect written before types
// existed is a service line.
v1::ExpenditureType TypeOf(const v1::YearAmount& a) {
  return a.expenditure_type() == v1::EXPENDITURE_TYPE_UNSPECIFIED ? v1::EXPENDITURE_SERVICE
                                                                  : a.expenditure_type();
}

// Amount lines: one per year and expenditure type, a known type (required
// when `type_required`), amounts in min..10^12.
void CheckAmountLines(FieldErrors* e, absl::string_view field,
                      const google::protobuf::RepeatedPtrField<v1::YearAmount>& lines,
                      int64_t min_kr, bool type_required) {
  // Four years times three types, with room for longer periods.
  constexpr int kMaxLines = 40;
  if (lines.size() > kMaxLines) {
    e->Add(field, absl::StrCat("has ", lines.size(), " lines; the limit is ", kMaxLines));
    return;
  }
  std::set<std::pair<int, int>> seen;
  for (int i = 0; i < lines.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const v1::YearAmount& a = lines[i];
    if (a.amount_kr() < min_kr || a.amount_kr() > kMaxAmountKr) {
      e->Add(f + ".amount_kr",
             absl::StrCat("must be ", min_kr, "..", kMaxAmountKr, " kr., got ", a.amount_kr()));
    }
    const int type = a.expenditure_type();
    if (type != 0 || type_required) {
      CheckEnum(e, f + ".expenditure_type", type, v1::ExpenditureType_IsValid,
                v1::ExpenditureType_Name<v1::ExpenditureType>);
    }
    if (!seen.insert({a.year(), TypeOf(a)}).second) {
      e->Add(f + ".year", absl::StrCat("repeats year ", a.year(), " with expenditure type ",
                                       v1::ExpenditureType_Name(TypeOf(a))));
    }
  }
}

void CheckStaffEffects(FieldErrors* e, absl::string_view field,
                       const google::protobuf::RepeatedPtrField<v1::StaffEffect>& effects) {
  if (effects.size() > kMaxStaffEffects) {
    e->Add(field,
           absl::StrCat("has ", effects.size(), " entries; the limit is ", kMaxStaffEffects));
    return;
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < effects.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const v1::StaffEffect& s = effects[i];
    if (s.workplace().empty()) {
      e->Add(f + ".workplace", "is required: the workplace whose staff changes");
    } else {
      CheckChild(e, f + ".workplace", s.workplace(), kWorkplaces);
    }
    CheckText(e, f + ".staff_group", s.staff_group(), 1, kMaxTitleChars);
    const int64_t v = s.fte_reduction_hundredths();
    if (v == 0 || v < -kMaxFteHundredths || v > kMaxFteHundredths) {
      e->Add(f + ".fte_reduction_hundredths",
             absl::StrCat("must be -", kMaxFteHundredths, "..", kMaxFteHundredths,
                          " hundredths of an FTE and not 0, got ", v));
    }
    CheckEnum(e, f + ".mode", s.mode(), v1::StaffChangeMode_IsValid,
              v1::StaffChangeMode_Name<v1::StaffChangeMode>);
    if (v != 0 && v1::StaffChangeMode_IsValid(s.mode()) && s.mode() != 0 &&
        (v < 0) != (s.mode() == v1::STAFF_RECRUITMENT)) {
      e->Add(f + ".mode", v < 0 ? "must be STAFF_RECRUITMENT for more staff (a negative reduction)"
                                : "must be STAFF_ATTRITION or STAFF_DISMISSAL for a reduction");
    }
    if (!seen.insert({s.workplace(), s.staff_group()}).second) {
      e->Add(f, absl::StrCat("repeats workplace ", Abbreviate(s.workplace()), " and staff group ",
                             Abbreviate(s.staff_group())));
    }
  }
}

// An absolute URI: a scheme (RFC 3986: a letter, then letters, digits, + - .)
// and a colon, then something; no spaces or control characters.
bool IsAbsoluteUri(absl::string_view uri) {
  const size_t colon = uri.find(':');
  if (colon == absl::string_view::npos || colon == 0 || colon + 1 == uri.size()) return false;
  if (!absl::ascii_isalpha(uri[0])) return false;
  for (size_t i = 1; i < colon; ++i) {
    const char c = uri[i];
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (unsigned char c : uri) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

void CheckAttachments(FieldErrors* e, absl::string_view field,
                      const google::protobuf::RepeatedPtrField<v1::Attachment>& attachments) {
  if (attachments.size() > kMaxAttachments) {
    e->Add(field,
           absl::StrCat("has ", attachments.size(), " entries; the limit is ", kMaxAttachments));
    return;
  }
  for (int i = 0; i < attachments.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    const v1::Attachment& a = attachments[i];
    CheckText(e, f + ".uri", a.uri(), 1, kMaxUriChars);
    if (!a.uri().empty() && !IsAbsoluteUri(a.uri())) {
      e->Add(f + ".uri", absl::StrCat("must be an absolute URI with a scheme, e.g. "
                                      "\"https://esdh.example.dk/doc/123\", got \"",
                                      Abbreviate(a.uri()), "\""));
    }
    CheckText(e, f + ".title", a.title(), 1, kMaxTitleChars);
    if (!IsSha256Hex(a.sha256())) {
      e->Add(f + ".sha256", absl::StrCat("must be the file's SHA-256 as 64 hex digits, got \"",
                                         Abbreviate(a.sha256()), "\""));
    }
    if (a.size_bytes() < 0 || a.size_bytes() > kMaxAmountKr) {
      e->Add(f + ".size_bytes", absl::StrCat("must be 0..10^12 bytes, got ", a.size_bytes()));
    }
  }
}

}  // namespace

bool IsSha256Hex(absl::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!absl::ascii_isxdigit(c)) return false;
  }
  return true;
}

void ValidateEconomics(const v1::ProposalContent& c, const std::vector<std::string>& paths,
                       absl::string_view prefix, FieldErrors* e) {
  FieldPaths f(prefix);
  if (Wanted(paths, "effects")) {
    CheckAmountLines(e, f("effects"), c.effects(), -kMaxAmountKr, /*type_required=*/false);
  }
  if (Wanted(paths, "full_implementation_kr") &&
      (c.full_implementation_kr() < -kMaxAmountKr || c.full_implementation_kr() > kMaxAmountKr)) {
    e->Add(f("full_implementation_kr"),
           absl::StrCat("must be -10^12..10^12 kr. (a saving positive), got ",
                        c.full_implementation_kr()));
  }
  if (Wanted(paths, "one_off_costs")) {
    CheckAmountLines(e, f("one_off_costs"), c.one_off_costs(), 0, /*type_required=*/true);
  }
  if (Wanted(paths, "price_level_year") && c.price_level_year() != 0 &&
      (c.price_level_year() < 1 || c.price_level_year() > 9999)) {
    e->Add(f("price_level_year"),
           absl::StrCat("must be a year 1..9999 (0 = not stated), got ", c.price_level_year()));
  }
  if (Wanted(paths, "staff_effects")) CheckStaffEffects(e, f("staff_effects"), c.staff_effects());
  if (Wanted(paths, "attachments")) CheckAttachments(e, f("attachments"), c.attachments());
}

absl::Status CheckEconomicsAgainstRound(const v1::Round& round, const v1::ProposalContent& c) {
  for (const v1::StaffEffect& s : c.staff_effects()) {
    if (FindWorkplace(round, s.workplace()) == nullptr) {
      return NotFound("workplace", absl::StrCat(s.workplace(), " (in ", round.name(), ")"));
    }
  }
  FieldErrors errors;
  const int first = round.period_first_year(), last = round.period_last_year();
  CheckInPeriod(&errors, "content.effects", first, last, c.effects());
  CheckInPeriod(&errors, "content.one_off_costs", first, last, c.one_off_costs());
  if (c.price_level_year() > last) {
    errors.Add("content.price_level_year",
               absl::StrCat("must not lie after the period's last year ", last, ", got ",
                            c.price_level_year()));
  }
  return errors.ToStatus();
}

int64_t FteReduction(const v1::ProposalContent& p) {
  if (p.staff_effects().empty()) return p.staff_reduction_fte_hundredths();
  int64_t sum = 0;
  for (const v1::StaffEffect& s : p.staff_effects()) sum += s.fte_reduction_hundredths();
  return sum;
}

namespace {

// Adds the money of `p` for column `year` (0 = full implementation) to `out`.
void AddMoney(const v1::ProposalContent& p, int year, v1::Economics* out) {
  int64_t gross = 0, operating = 0, capital = 0;
  if (year == 0) {
    gross = p.full_implementation_kr();
  } else {
    for (const v1::YearAmount& a : p.effects()) {
      if (a.year() == year) gross += a.amount_kr();
    }
  }
  for (const v1::YearAmount& a : p.one_off_costs()) {
    if (year != 0 && a.year() != year) continue;
    (TypeOf(a) == v1::EXPENDITURE_CAPITAL ? capital : operating) += a.amount_kr();
  }
  out->set_gross_savings_kr(out->gross_savings_kr() + gross);
  out->set_one_off_operating_kr(out->one_off_operating_kr() + operating);
  out->set_capital_kr(out->capital_kr() + capital);
  // One-off costs do not recur: at full implementation the net effect is the recurring one.
  out->set_net_kr(out->net_kr() + (year == 0 ? gross : gross - operating - capital));
}

void AddFte(int64_t hundredths, v1::Economics* out) {
  out->set_fte_reduction_hundredths(out->fte_reduction_hundredths() + hundredths);
}

// Where `workplace` was defined in the round: the order of the summary's rows.
int DefinitionIndex(const v1::Round& round, const std::string& workplace) {
  for (int i = 0; i < round.workplaces_size(); ++i) {
    if (round.workplaces(i).name() == workplace) return i;
  }
  return round.workplaces_size();
}

// The summary's row for `workplace`, added in definition order when missing
// (proposals come from a map, so the order cannot be theirs).
v1::WorkplaceStaff* StaffRow(const v1::Round& round, const std::string& workplace, v1::Totals* t) {
  auto* rows = t->mutable_workplaces();
  for (v1::WorkplaceStaff& w : *rows) {
    if (w.workplace() == workplace) return &w;
  }
  v1::WorkplaceStaff* w = rows->Add();
  w->set_workplace(workplace);
  if (const v1::Workplace* def = FindWorkplace(round, workplace)) {
    w->set_display_name(def->display_name());
    w->set_committee(def->committee());
  }
  const int index = DefinitionIndex(round, workplace);
  int at = rows->size() - 1;
  while (at > 0 && DefinitionIndex(round, rows->Get(at - 1).workplace()) > index) {
    rows->SwapElements(at - 1, at);
    --at;
  }
  return rows->Mutable(at);
}

}  // namespace

void AddProposalEconomics(const v1::Round& round, const v1::Proposal& p, int year, v1::Totals* t) {
  const v1::ProposalContent& c = p.content();
  AddMoney(c, year, t->mutable_economics());
  if (p.cross_cutting()) AddMoney(c, year, t->mutable_cross_cutting_economics());
  v1::CommitteeTotals* own = nullptr;
  for (v1::CommitteeTotals& ct : *t->mutable_committees()) {
    if (!p.cross_cutting() && c.committees_size() == 1 && ct.committee() == c.committees(0))
      own = &ct;
  }
  if (own != nullptr) AddMoney(c, year, own->mutable_economics());
  // Staff effects are at full implementation: the full-implementation column only.
  if (year != 0) return;
  AddFte(FteReduction(c), t->mutable_economics());
  if (p.cross_cutting()) AddFte(FteReduction(c), t->mutable_cross_cutting_economics());
  if (c.staff_effects().empty()) {
    if (own != nullptr) AddFte(c.staff_reduction_fte_hundredths(), own->mutable_economics());
    return;
  }
  for (const v1::StaffEffect& s : c.staff_effects()) {
    v1::WorkplaceStaff* w = StaffRow(round, s.workplace(), t);
    const int64_t v = s.fte_reduction_hundredths();
    w->set_fte_reduction_hundredths(w->fte_reduction_hundredths() + v);
    switch (s.mode()) {
      case v1::STAFF_ATTRITION:
        w->set_by_attrition_hundredths(w->by_attrition_hundredths() + v);
        break;
      case v1::STAFF_DISMISSAL:
        w->set_by_dismissal_hundredths(w->by_dismissal_hundredths() + v);
        break;
      default:
        w->set_recruitment_hundredths(w->recruitment_hundredths() - v);
        break;
    }
    for (v1::CommitteeTotals& ct : *t->mutable_committees()) {
      if (ct.committee() == w->committee()) AddFte(v, ct.mutable_economics());
    }
  }
}

}  // namespace budget
