#include "clients/budgetctl/proposal_rows.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/parse.h"
#include "google/rpc/error_details.pb.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/validate.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;
using S = const std::string&;

constexpr const char* kRequired[] = {
    "title",         "category", "committees", "full_implementation_kr", "implementation_start",
    "submitter_kind"};
constexpr char kEffectPrefix[] = "effect_";

// The committee, centre or workplace `text` names: its id, resource name or
// display name (case-insensitive).
template <typename Unit>
std::string Resolve(const google::protobuf::RepeatedPtrField<Unit>& units, const std::string& text,
                    const std::string& round) {
  for (const Unit& u : units) {
    if (u.name() == text || budget::LastSegment(u.name()) == text ||
        absl::EqualsIgnoreCase(u.display_name(), text)) {
      return u.name();
    }
  }
  throw UsageError(absl::StrCat("\"", text, "\" is not defined in ", round));
}

// ';'-separated references, each resolved.
template <typename Unit>
void SetReferences(const google::protobuf::RepeatedPtrField<Unit>& units, const std::string& cell,
                   const std::string& round, google::protobuf::RepeatedPtrField<std::string>* out) {
  for (absl::string_view part : absl::StrSplit(cell, ';', absl::SkipWhitespace())) {
    *out->Add() = Resolve(units, std::string(absl::StripAsciiWhitespace(part)), round);
  }
}

using CellSetter = void (*)(const v1::Round&, S cell, v1::ProposalContent*);

const std::map<std::string, CellSetter>& Setters() {
  static const auto* setters = new std::map<std::string, CellSetter>{
      {"title", [](const v1::Round&, S v, v1::ProposalContent* c) { c->set_title(v); }},
      {"description", [](const v1::Round&, S v, v1::ProposalContent* c) { c->set_description(v); }},
      {"category",
       [](const v1::Round&, S v, v1::ProposalContent* c) {
         c->set_category(ParseEnumAs<v1::ProposalCategory>(v));
       }},
      {"committees",
       [](const v1::Round& r, S v, v1::ProposalContent* c) {
         SetReferences(r.committees(), v, r.name(), c->mutable_committees());
       }},
      {"centres",
       [](const v1::Round& r, S v, v1::ProposalContent* c) {
         SetReferences(r.centres(), v, r.name(), c->mutable_centres());
       }},
      {"workplaces",
       [](const v1::Round& r, S v, v1::ProposalContent* c) {
         SetReferences(r.workplaces(), v, r.name(), c->mutable_workplaces());
       }},
      {"full_implementation_kr",
       [](const v1::Round&, S v, v1::ProposalContent* c) {
         c->set_full_implementation_kr(ParseKroner(v));
       }},
      {"implementation_start",
       [](const v1::Round&, S v, v1::ProposalContent* c) {
         *c->mutable_implementation_start() = ParseDate(v);
       }},
      {"citizen_consequences",
       [](const v1::Round&, S v, v1::ProposalContent* c) { c->set_citizen_consequences(v); }},
      {"staff_consequences",
       [](const v1::Round&, S v, v1::ProposalContent* c) { c->set_staff_consequences(v); }},
      {"staff_reduction_fte",
       [](const v1::Round&, S v, v1::ProposalContent* c) {
         c->set_staff_reduction_fte_hundredths(ParseScaled(v, 2));
       }},
      {"submitter_kind",
       [](const v1::Round&, S v, v1::ProposalContent* c) {
         c->set_submitter_kind(ParseEnumAs<v1::SubmitterKind>(v));
       }},
  };
  return *setters;
}

// The column a ValidateContent field path ("effects[1].amount_kr") came from.
std::string ColumnOf(const std::string& field, const v1::ProposalContent& c) {
  const std::string head = field.substr(0, field.find_first_of("[."));
  if (head == "effects") {
    int i = 0;
    const size_t open = field.find('[');
    if (open != std::string::npos &&
        absl::SimpleAtoi(field.substr(open + 1, field.find(']') - open - 1), &i) && i >= 0 &&
        i < c.effects_size()) {
      return absl::StrCat(kEffectPrefix, c.effects(i).year());
    }
  }
  if (head == "staff_reduction_fte_hundredths") return "staff_reduction_fte";
  return head;
}

}  // namespace

ProposalRows::ProposalRows(const CsvRecord& header, const v1::Round& round,
                           std::vector<RowError>* errors)
    : round_(round) {
  std::set<std::string> seen;
  for (const std::string& raw : header.fields) {
    Column column{absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw))};
    auto bad = [&](const std::string& why) { errors->push_back({header.line, column.name, why}); };
    if (!seen.insert(column.name).second) bad("the column appears twice");
    if (absl::StartsWith(column.name, kEffectPrefix)) {
      const std::string year = column.name.substr(sizeof(kEffectPrefix) - 1);
      if (!absl::SimpleAtoi(year, &column.effect_year) ||
          column.effect_year < round.period_first_year() ||
          column.effect_year > round.period_last_year()) {
        bad(absl::StrCat("expected effect_<year> for a year of the period ",
                         round.period_first_year(), "..", round.period_last_year()));
      }
    } else if (Setters().count(column.name) == 0) {
      bad("unknown column (see the layout in clients/budgetctl/README.md)");
    }
    columns_.push_back(std::move(column));
  }
  for (const char* required : kRequired) {
    if (seen.count(required) == 0)
      errors->push_back({header.line, required, "the column is required"});
  }
}

bool ProposalRows::Convert(const CsvRecord& record, int number, ProposalRow* row,
                           std::vector<RowError>* errors) const {
  const size_t before = errors->size();
  row->line = record.line;
  row->number = number;
  row->canonical = absl::StrCat("row ", number);
  row->content.Clear();
  if (record.fields.size() > columns_.size()) {
    errors->push_back(
        {record.line, "",
         absl::StrCat("has ", record.fields.size(), " fields; the header has ", columns_.size())});
  }
  std::set<std::string> unparsed;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& column = columns_[i];
    const std::string cell(i < record.fields.size() ? absl::StripAsciiWhitespace(record.fields[i])
                                                    : "");
    absl::StrAppend(&row->canonical, "\x1e", column.name, "\x1f", cell);
    if (cell.empty()) continue;
    try {
      if (column.effect_year != 0) {
        const int64_t amount = ParseKroner(cell);
        v1::YearAmount* effect = row->content.add_effects();
        effect->set_year(column.effect_year);
        effect->set_amount_kr(amount);
      } else if (auto it = Setters().find(column.name); it != Setters().end()) {
        it->second(round_, cell, &row->content);
      }
    } catch (const UsageError& e) {
      errors->push_back({record.line, column.name, e.what()});
      unparsed.insert(column.name);
    }
  }
  // The server's own shape checks, for what parsed.
  budget::FieldErrors shape;
  budget::ValidateContent(row->content, {}, "", &shape);
  const absl::Status status = shape.ToStatus();
  if (auto payload = status.GetPayload(budget::kBadRequestType); payload.has_value()) {
    google::rpc::BadRequest bad;
    bad.ParseFromString(std::string(*payload));
    for (const auto& v : bad.field_violations()) {
      const std::string column = ColumnOf(v.field(), row->content);
      if (unparsed.count(column) == 0) errors->push_back({record.line, column, v.description()});
    }
  }
  return errors->size() == before;
}

}  // namespace budgetctl
