#include "services/domain/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace budget {
namespace {

void Attach(absl::Status* s, absl::string_view type_url, const google::protobuf::Message& m) {
  s->SetPayload(type_url, absl::Cord(m.SerializeAsString()));
}

void AttachErrorInfo(absl::Status* s, absl::string_view reason,
                     std::initializer_list<std::pair<const std::string, std::string>> metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain("budget.v1");
  info.mutable_metadata()->insert(metadata.begin(), metadata.end());
  Attach(s, kErrorInfoType, info);
}

}  // namespace

void FieldErrors::Add(absl::string_view field, absl::string_view description) {
  violations_.emplace_back(std::string(field), std::string(description));
}

absl::Status FieldErrors::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  google::rpc::BadRequest detail;
  std::vector<std::string> parts;
  for (const auto& [field, why] : violations_) {
    auto* v = detail.add_field_violations();
    v->set_field(field);
    v->set_description(why);
    parts.push_back(absl::StrCat("invalid ", field, ": ", why));
  }
  absl::Status s = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  Attach(&s, kBadRequestType, detail);
  return s;
}

absl::Status InvalidField(absl::string_view field, absl::string_view description) {
  FieldErrors e;
  e.Add(field, description);
  return e.ToStatus();
}

absl::Status PreconditionFailed(absl::string_view type, absl::string_view subject,
                                absl::string_view description) {
  google::rpc::PreconditionFailure detail;
  auto* v = detail.add_violations();
  v->set_type(std::string(type));
  v->set_subject(std::string(subject));
  v->set_description(std::string(description));
  absl::Status s = absl::FailedPreconditionError(description);
  Attach(&s, kPreconditionFailureType, detail);
  return s;
}

absl::Status RuleViolation(Rule rule, absl::string_view subject, absl::string_view description) {
  RuleInfo info = Describe(rule);
  return PreconditionFailed(
      info.code, subject, absl::StrCat("rule ", info.number, " (", info.title, "): ", description));
}

absl::Status NotFound(absl::string_view what, absl::string_view name) {
  absl::Status s =
      absl::NotFoundError(absl::StrCat(what, " ", Abbreviate(name), " does not exist"));
  AttachErrorInfo(&s, "NOT_FOUND", {{"resource", std::string(name)}});
  return s;
}

absl::Status AlreadyExists(absl::string_view what, absl::string_view name) {
  absl::Status s = absl::AlreadyExistsError(absl::StrCat(what, " ", name, " already exists"));
  AttachErrorInfo(&s, "ALREADY_EXISTS", {{"resource", std::string(name)}});
  return s;
}

absl::Status RequestIdReused(absl::string_view request_id) {
  absl::Status s = absl::AlreadyExistsError(absl::StrCat(
      "request id '", Abbreviate(request_id), "' was already used for a different request"));
  AttachErrorInfo(&s, "REQUEST_ID_REUSED", {{"request_id", std::string(request_id)}});
  return s;
}

absl::Status StaleVersion(absl::string_view name, int64_t expected, int64_t actual) {
  absl::Status s = absl::AbortedError(absl::StrCat("Expected ", name, " at version ", expected,
                                                   ", but it is at version ", actual,
                                                   "; re-read it and decide again"));
  AttachErrorInfo(&s, "STALE_VERSION",
                  {{"resource", std::string(name)},
                   {"expected_version", absl::StrCat(expected)},
                   {"current_version", absl::StrCat(actual)}});
  return s;
}

absl::Status RoleRequired(absl::string_view action, absl::string_view required) {
  absl::Status s = absl::PermissionDeniedError(absl::StrCat(action, " needs the role ", required));
  AttachErrorInfo(&s, "ROLE_REQUIRED",
                  {{"action", std::string(action)}, {"required_roles", std::string(required)}});
  return s;
}

std::string Abbreviate(absl::string_view s) {
  constexpr size_t kMax = 60;
  std::string out = absl::Utf8SafeCHexEscape(s.substr(0, kMax));
  if (s.size() > kMax) absl::StrAppend(&out, "... (", s.size(), " bytes)");
  return out;
}

}  // namespace budget
