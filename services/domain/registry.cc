#include "services/domain/registry.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace budget {
namespace {

// Handlers indexed by oneof field number (the case value), built once.
template <typename Handler>
struct Table {
  std::vector<Handler> all;
  std::vector<const Handler*> by_case;
};

template <typename Handler>
Table<Handler>* Index(std::vector<Handler> handlers, int (*key)(const Handler&)) {
  auto* t = new Table<Handler>{std::move(handlers), {}};
  for (const Handler& h : t->all) {
    const int k = key(h);
    if (k <= 0) continue;  // VerifyRegistry reports it.
    if (static_cast<size_t>(k) >= t->by_case.size()) t->by_case.resize(k + 1, nullptr);
    // The first registration wins; VerifyRegistry reports a second.
    if (t->by_case[k] == nullptr) t->by_case[k] = &h;
  }
  return t;
}

const Table<CommandHandler>& Commands() {
  static const auto* const table = [] {
    std::vector<CommandHandler> all;
    for (auto area : {RoundCommands, ProposalCommands, AllocationCommands, HearingCommands,
                      AdoptionCommands, ShortfallCommands, LifecycleCommands, TrialCommands,
                      AgreementCommands, PolicyCommands, ErasureCommands}) {
      for (CommandHandler& h : area()) all.push_back(std::move(h));
    }
    return Index<CommandHandler>(std::move(all),
                                 [](const CommandHandler& h) { return static_cast<int>(h.kind); });
  }();
  return *table;
}

const Table<EventHandler>& Events() {
  static const auto* const table = [] {
    std::vector<EventHandler> all;
    for (auto area : {EventAppliers, TrialAppliers, AgreementAppliers, PolicyAppliers}) {
      for (EventHandler& h : area()) all.push_back(std::move(h));
    }
    return Index<EventHandler>(std::move(all),
                               [](const EventHandler& h) { return static_cast<int>(h.payload); });
  }();
  return *table;
}

template <typename Handler>
const Handler* Find(const Table<Handler>& t, int k) {
  return k > 0 && static_cast<size_t>(k) < t.by_case.size() ? t.by_case[k] : nullptr;
}

// Checks one oneof against its handlers: each field once, with its message.
template <typename Handler>
void CheckOneof(const google::protobuf::OneofDescriptor* oneof, const std::vector<Handler>& all,
                int (*key)(const Handler&),
                const google::protobuf::Descriptor* (*message)(const Handler&),
                std::vector<std::string>* faults) {
  std::set<int> seen;
  for (const Handler& h : all) {
    const auto* field = oneof->containing_type()->FindFieldByNumber(key(h));
    if (field == nullptr || field->containing_oneof() != oneof) {
      faults->push_back(absl::StrCat(oneof->full_name(), ": case ", key(h), " is not a field"));
    } else if (!seen.insert(key(h)).second) {
      faults->push_back(absl::StrCat(field->full_name(), " is registered twice"));
    } else if (field->message_type() != message(h)) {
      faults->push_back(
          absl::StrCat(field->full_name(), " is registered with ", message(h)->full_name()));
    }
  }
  for (int i = 0; i < oneof->field_count(); ++i) {
    if (!seen.contains(oneof->field(i)->number())) {
      faults->push_back(absl::StrCat(oneof->field(i)->full_name(), " has no handler"));
    }
  }
}

}  // namespace

const CommandHandler* FindCommand(internal::Command::KindCase kind) {
  return Find(Commands(), static_cast<int>(kind));
}

const EventHandler* FindEvent(v1::Event::PayloadCase payload) {
  return Find(Events(), static_cast<int>(payload));
}

absl::Status VerifyRegistry() {
  std::vector<std::string> faults;
  CheckOneof<CommandHandler>(
      internal::Command::descriptor()->FindOneofByName("kind"), Commands().all,
      [](const CommandHandler& h) { return static_cast<int>(h.kind); },
      [](const CommandHandler& h) { return h.request; }, &faults);
  CheckOneof<EventHandler>(
      v1::Event::descriptor()->FindOneofByName("payload"), Events().all,
      [](const EventHandler& h) { return static_cast<int>(h.payload); },
      [](const EventHandler& h) { return h.message; }, &faults);
  std::set<int> emitted;
  for (v1::Event::PayloadCase e : TimeDrivenEvents()) emitted.insert(e);
  for (const CommandHandler& h : Commands().all) {
    if (h.validate == nullptr || h.decide == nullptr) {
      faults.push_back(absl::StrCat("command case ", h.kind, " lacks a validator or decider"));
    }
    for (v1::Event::PayloadCase e : h.emits) {
      emitted.insert(e);
      if (FindEvent(e) == nullptr) {
        faults.push_back(absl::StrCat("command case ", h.kind, " emits event case ", e,
                                      ", which has no applier"));
      }
    }
  }
  // An event nothing emits is dead code in the log's vocabulary.
  for (const EventHandler& h : Events().all) {
    if (!emitted.contains(h.payload)) {
      faults.push_back(absl::StrCat(h.message->full_name(), " is emitted by no command"));
    }
  }
  if (faults.empty()) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("the command registry is incomplete: ", absl::StrJoin(faults, "; ")));
}

}  // namespace budget
