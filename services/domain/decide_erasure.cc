// Lawful erasure (issue 24): the administrator's EraseSubject. The domain
// only records it; the write path (services/core/personal_data.h) deletes
// the subject's key in the same durable write, and every read of a personal
// field sealed with it shows "[slettet]" from then on. The projection keeps
// the sealed tokens and does not change.
#include "absl/strings/str_cat.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/registry.h"
#include "services/domain/validate.h"

namespace budget {
namespace {

// The stream every erasure is recorded in.
constexpr char kErasuresStream[] = "erasures";

void ValidateEraseSubject(const v1::EraseSubjectRequest& r, FieldErrors* e) {
  CheckText(e, "subject", r.subject(), 1, kMaxTitleChars);
  if (r.subject().find('\0') != std::string::npos) e->Add("subject", "must not contain NUL");
  CheckText(e, "reason", r.reason(), 1, kMaxReasonChars);
}

// Erasing a subject with no data, or one erased before, is not an error: a
// new request (e.g. for data recorded since) is recorded and its key, if
// any, destroyed.
absl::StatusOr<Decision> EraseSubject(const State&, const v1::EraseSubjectRequest& r,
                                      const Context&) {
  Decision d;
  d.subject = {Subject::kNone, ""};
  v1::SubjectErased* e = d.events.emplace_back().mutable_subject_erased();
  e->set_stream(kErasuresStream);
  e->set_subject(r.subject());
  e->set_reason(r.reason());
  return d;
}

}  // namespace

std::vector<CommandHandler> ErasureCommands() {
  using C = internal::Command;
  using E = v1::Event;
  return {
      Handle<&C::erase_subject, ValidateEraseSubject, EraseSubject>(C::kEraseSubject,
                                                                    {E::kSubjectErased}),
  };
}

}  // namespace budget
