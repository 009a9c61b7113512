#include "services/domain/names.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "services/domain/errors.h"

namespace budget {

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return id[0] != '-';
}

// Server-assigned ids ("P-0017") are valid in names too, though not as
// client-chosen ids.
static bool IsValidSegment(absl::string_view s) { return IsValidId(s) || SequenceNumber(s) > 0; }

int SequenceNumber(absl::string_view id) {
  if (id.size() < 3 || id.size() > 12 || !absl::ascii_isupper(static_cast<unsigned char>(id[0])) ||
      id[1] != '-') {
    return 0;
  }
  int n = 0;
  for (char c : id.substr(2)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool IsValidBodyName(absl::string_view name) {
  absl::string_view id = name;
  return absl::ConsumePrefix(&id, "bodies/") && IsValidId(id);
}

std::string RoundName(absl::string_view round_id) { return absl::StrCat("rounds/", round_id); }

std::string ChildName(absl::string_view round_id, absl::string_view collection,
                      absl::string_view id) {
  return absl::StrCat("rounds/", round_id, "/", collection, "/", id);
}

std::string NameError(absl::string_view collection, absl::string_view got) {
  std::string example = "rounds/2024";
  if (!collection.empty()) {
    absl::StrAppend(&example, "/", collection, "/",
                    collection == kProposals ? "P-0001" : "some-id");
  }
  return absl::StrCat("expected a name like \"", example, "\", got \"", Abbreviate(got), "\"");
}

// Splits `name` at '/' into exactly N segments (empty ones included);
// false for any other number. Names are parsed on every command: no vector.
template <size_t N>
static bool SplitName(absl::string_view name, std::array<absl::string_view, N>* parts) {
  for (size_t i = 0; i + 1 < N; ++i) {
    const size_t slash = name.find('/');
    if (slash == absl::string_view::npos) return false;
    (*parts)[i] = name.substr(0, slash);
    name.remove_prefix(slash + 1);
  }
  (*parts)[N - 1] = name;
  return name.find('/') == absl::string_view::npos;
}

absl::StatusOr<std::string> ParseRoundName(absl::string_view name, absl::string_view field) {
  std::array<absl::string_view, 2> parts;
  if (!SplitName(name, &parts) || parts[0] != "rounds" || !IsValidId(parts[1])) {
    return InvalidField(field, NameError("", name));
  }
  return std::string(parts[1]);
}

absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field) {
  std::array<absl::string_view, 4> parts;
  if (!SplitName(name, &parts) || parts[0] != "rounds" || !IsValidId(parts[1]) ||
      parts[2] != collection || !IsValidSegment(parts[3])) {
    return InvalidField(field, NameError(collection, name));
  }
  return ChildRef{std::string(parts[1]), std::string(parts[3])};
}

bool InRound(absl::string_view stream, absl::string_view round) {
  return stream == round || (absl::StartsWith(stream, round) && stream.size() > round.size() &&
                             stream[round.size()] == '/');
}

absl::string_view RoundIdOf(absl::string_view resource) {
  absl::string_view rest = resource;
  if (!absl::ConsumePrefix(&rest, "rounds/")) return "";
  return rest.substr(0, rest.find('/'));
}

absl::string_view LastSegment(absl::string_view name) {
  size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::string ProposalId(int number) { return SequenceId('P', number); }

std::string SequenceId(char prefix, int number) {
  return absl::StrFormat("%c-%04d", prefix, number);
}

std::string RoundOfRequest(const google::protobuf::Message& request) {
  for (const char* field : {"parent", "round", "name", "proposal", "hearing", "question",
                            "expansion", "committee", "correction"}) {
    const auto* f = request.GetDescriptor()->FindFieldByName(field);
    if (f == nullptr || f->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
        f->is_repeated()) {
      continue;
    }
    const std::string& value = request.GetReflection()->GetStringReference(request, f, nullptr);
    if (value.empty()) continue;
    const size_t first = value.find('/');
    if (first == std::string::npos) return "";
    std::string round = value.substr(0, value.find('/', first + 1));
    return ParseRoundName(round, field).ok() ? round : "";
  }
  return "";
}

}  // namespace budget
