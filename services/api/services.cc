#include "services/api/services.h"

#include <filesystem>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "budget/v1/admin_service.pb.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/impl/codegen/rpc_service_method.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/support/callback_common.h"
#include "grpcpp/support/server_callback.h"
#include "services/audit/processes_as_of.h"
#include "services/common/log.h"
#include "services/domain/agreements.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/policies.h"
#include "services/domain/summary.h"
#include "services/domain/tasks.h"
#include "services/domain/time_util.h"
#include "services/domain/trials.h"
#include "services/domain/validate.h"
#include "services/domain/views.h"
#include "services/domain/visibility.h"

namespace budget {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The path of the first string field in `bytes` (a serialized `type`) that is
// not valid UTF-8, e.g. "content.title"; empty when there is none. Walks the
// wire format, since the protobuf runtime only says that parsing failed.
std::string InvalidUtf8Field(absl::string_view bytes, const Descriptor* type,
                             const std::string& prefix) {
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return "";
  std::map<int, int> seen;
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& f = fields.field(i);
    const FieldDescriptor* field = type->FindFieldByNumber(f.number());
    if (f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED || field == nullptr) {
      continue;
    }
    std::string name = absl::StrCat(prefix, field->name());
    if (field->is_repeated() && !field->is_map())
      absl::StrAppend(&name, "[", seen[f.number()]++, "]");
    if (field->type() == FieldDescriptor::TYPE_STRING && !IsValidUtf8(f.length_delimited())) {
      return name;
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string inner =
          InvalidUtf8Field(f.length_delimited(), field->message_type(), absl::StrCat(name, "."));
      if (!inner.empty()) return inner;
    }
  }
  return "";
}

// True when `message` or a message in it holds a field its schema does not
// define. Walks only the message-typed fields and builds no strings: the
// test every request passes, before UnknownFields' report for the few that
// fail it (the report's walk was a twentieth of a submit's instructions,
// docs/performance.md).
bool HasUnknownFields(const Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (reflection->HasField(message, field) &&
          HasUnknownFields(reflection->GetMessage(message, field))) {
        return true;
      }
      continue;
    }
    for (int k = 0, n = reflection->FieldSize(message, field); k < n; ++k) {
      if (HasUnknownFields(reflection->GetRepeatedMessage(message, field, k))) return true;
    }
  }
  return false;
}

// Adds each unknown field of `m` and of the messages in it to `errors`.
void UnknownFields(const Message& m, const std::string& prefix, FieldErrors* errors) {
  const google::protobuf::Reflection* reflection = m.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(m);
  for (int i = 0; i < unknown.field_count(); ++i) {
    errors->Add(absl::StrCat(prefix, "#", unknown.field(i).number()),
                absl::StrCat("is field number ", unknown.field(i).number(), ", which ",
                             m.GetDescriptor()->full_name(),
                             " does not define; this server refuses fields it does not know "
                             "rather than store them"));
  }
  std::vector<const FieldDescriptor*> set;
  reflection->ListFields(m, &set);
  for (const FieldDescriptor* field : set) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      UnknownFields(reflection->GetMessage(m, field), absl::StrCat(prefix, field->name(), "."),
                    errors);
      continue;
    }
    for (int k = 0; k < reflection->FieldSize(m, field); ++k) {
      UnknownFields(reflection->GetRepeatedMessage(m, field, k),
                    absl::StrCat(prefix, field->name(), "[", k, "]."), errors);
    }
  }
}

void Serialize(const Message& m, grpc::ByteBuffer* out) {
  grpc::Slice slice(m.SerializeAsString());
  *out = grpc::ByteBuffer(&slice, 1);
}

// "CreateRound" -> "create_round": the Command field a mutation fills.
std::string CommandFieldName(absl::string_view method) {
  std::string out;
  for (char c : method) {
    if (absl::ascii_isupper(c) && !out.empty()) out += '_';
    out += absl::ascii_tolower(c);
  }
  return out;
}

const FieldDescriptor* CommandField(const Permission& p) {
  const FieldDescriptor* field =
      internal::Command::descriptor()->FindFieldByName(CommandFieldName(p.method));
  if (field == nullptr || field->containing_oneof() == nullptr ||
      field->message_type() != p.descriptor->input_type()) {
    return nullptr;
  }
  return field;
}

// A read with typed request and response; `answer(const Req&, const
// v1::Principal& reader)` returns absl::StatusOr<Resp>.
template <typename Req, typename Resp, typename F>
UnaryRead Typed(F answer) {
  return UnaryRead{
      Req::descriptor(), Resp::descriptor(),
      [answer](const Message& request,
               const v1::Principal& reader) -> absl::StatusOr<std::unique_ptr<Message>> {
        // The adapter parsed the request into the method's input type, Req.
        absl::StatusOr<Resp> out = answer(static_cast<const Req&>(request), reader);
        if (!out.ok()) return out.status();
        return std::make_unique<Resp>(*std::move(out));
      }};
}

// A read of the projection by one pure function of views.h or summary.h,
// under the projection's shared lock, over what the reader may see
// (VisibleState).
template <typename Req, typename Resp>
UnaryRead Query(CommandProcessor* processor,
                absl::StatusOr<Resp> (*read)(const State&, const Req&, absl::Time)) {
  return Typed<Req, Resp>([processor, read](const Req& r, const v1::Principal& reader) {
    return processor->Read([&](const State& s, absl::Time now) {
      State scratch;
      return read(VisibleState(s, reader, RoundOfRequest(r), &scratch), r, now);
    });
  });
}

// A read that filters by the reader itself (views.h says how).
template <typename Req, typename Resp>
UnaryRead QueryAs(CommandProcessor* processor,
                  absl::StatusOr<Resp> (*read)(const State&, const Req&, const v1::Principal&,
                                               absl::Time)) {
  return Typed<Req, Resp>([processor, read](const Req& r, const v1::Principal& reader) {
    return processor->Read([&](const State& s, absl::Time now) { return read(s, r, reader, now); });
  });
}

// The services the adapter serves: every API service but the hand-written two.
bool Served(const google::protobuf::ServiceDescriptor* service) {
  return service->full_name() != "budget.v1.AuditService" &&
         service->full_name() != "budget.v1.SignInService";
}

absl::StatusOr<v1::BackupResponse> Backup(CommandProcessor* p, const v1::BackupRequest& req) {
  if (req.dir().empty() || req.dir()[0] != '/') {
    return InvalidField("dir", "must be an absolute path on the server");
  }
  if (std::filesystem::exists(req.dir())) return AlreadyExists("the backup directory", req.dir());
  absl::StatusOr<eventstore::Head> head = p->store()->Checkpoint(req.dir());
  if (!head.ok()) return head.status();
  log::Info("backup", {{"dir", req.dir()}, {"position", absl::StrCat(head->position)}});
  v1::BackupResponse out;
  out.set_dir(req.dir());
  out.set_position(head->position);
  out.set_head_hash(base::HashToHex(head->hash));
  return out;
}

}  // namespace

absl::StatusOr<v1::SetClockResponse> UnaryAdapter::SetClock(const v1::SetClockRequest& req) const {
  if (demo_clock_ == nullptr) {
    return PreconditionFailed(
        "REAL_CLOCK", "clock",
        "the server runs on the real clock; start budgetd with --demo_clock to move it");
  }
  const absl::Time now = FromProto(req.now());
  if (now < demo_clock_->Now()) {
    return InvalidField(
        "now", absl::StrCat("must not be before the clock's ", TimeString(demo_clock_->Now()),
                            ": time never moves back"));
  }
  demo_clock_->Set(now);
  log::Info("clock_set", {{"now", TimeString(now)}});
  v1::SetClockResponse out;
  *out.mutable_now() = ToProto(now);
  return out;
}

absl::Status ParseRequest(const grpc::ByteBuffer& in, Message* out) {
  std::vector<grpc::Slice> slices;
  if (!in.Dump(&slices).ok()) return absl::InvalidArgumentError("the request could not be read");
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!out->ParseFromString(bytes)) {
    const std::string field = InvalidUtf8Field(bytes, out->GetDescriptor(), "");
    if (!field.empty()) return InvalidField(field, "is not valid UTF-8");
    return absl::InvalidArgumentError(
        absl::StrCat("the request is not a valid ", out->GetDescriptor()->full_name()));
  }
  if (!HasUnknownFields(*out)) return absl::OkStatus();
  FieldErrors errors;
  UnknownFields(*out, "", &errors);
  return errors.ToStatus();
}

// One proto service's methods, each a callback handler over raw bytes that
// ends in UnaryAdapter::Call.
class UnaryAdapter::Service final : public grpc::Service {
 public:
  Service(UnaryAdapter* adapter, const google::protobuf::ServiceDescriptor* service) {
    for (int i = 0; i < service->method_count(); ++i) {
      const Permission* permission = FindPermission(service->method(i)->name());
      // gRPC keeps the path's pointer: the deque never moves its strings.
      const std::string& path = paths_.emplace_back(
          absl::StrCat("/", service->full_name(), "/", service->method(i)->name()));
      AddMethod(new grpc::internal::RpcServiceMethod(
          path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC, nullptr));
      MarkMethodCallback(
          i, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                 [adapter, permission](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* in,
                                       grpc::ByteBuffer* out) {
                   return adapter->Call(ctx, *permission, *in, out);
                 }));
    }
  }

 private:
  std::deque<std::string> paths_;
};

UnaryAdapter::UnaryAdapter(Api* api, base::ManualClock* demo_clock)
    : api_(api), demo_clock_(demo_clock) {
  CommandProcessor* p = api->processor();
  reads_ = {
      {"GetRound", Query(p, &budget::GetRound)},
      {"ListRounds", Query(p, &budget::ListRounds)},
      {"GetRoundSummary", Query(p, &budget::GetRoundSummary)},
      {"ListMyTasks", QueryAs(p, &budget::ListMyTasks)},
      {"GetProposal", Query(p, &budget::GetProposal)},
      {"ListProposals", Query(p, &budget::ListProposals)},
      {"ListSuggestions", QueryAs(p, &budget::ListSuggestions)},
      {"GetHearing", Query(p, &budget::GetHearing)},
      {"ListHearings", Query(p, &budget::ListHearings)},
      {"ListMeetings", Query(p, &budget::ListMeetings)},
      {"GetExpansion", Query(p, &budget::GetExpansion)},
      {"ListExpansions", Query(p, &budget::ListExpansions)},
      {"GetTrialProgramme", Query(p, &budget::GetTrialProgramme)},
      {"GetTrial", Query(p, &budget::GetTrial)},
      {"ListTrials", Query(p, &budget::ListTrials)},
      {"GetAgreement", Query(p, &budget::GetAgreement)},
      {"ListAgreements", Query(p, &budget::ListAgreements)},
      {"GetDialogueYear", Query(p, &budget::GetDialogueYear)},
      {"ListCommitteeCases", Query(p, &budget::ListCommitteeCases)},
      {"GetPolicy", Query(p, &budget::GetPolicy)},
      {"GetPolicyStanding", Query(p, &budget::GetPolicyStanding)},
      {"GetProcessesAsOf", Typed<v1::GetProcessesAsOfRequest, v1::ProcessesState>(
                               [p](const v1::GetProcessesAsOfRequest& r, const v1::Principal&) {
                                 return ProcessesAsOf(*p->store(), r);
                               })},
      {"SetClock",
       Typed<v1::SetClockRequest, v1::SetClockResponse>(
           [this](const v1::SetClockRequest& r, const v1::Principal&) { return SetClock(r); })},
      {"Backup",
       Typed<v1::BackupRequest, v1::BackupResponse>(
           [p](const v1::BackupRequest& r, const v1::Principal&) { return Backup(p, r); })},
  };
  for (const auto* service : ApiServices()) {
    if (Served(service)) services_.push_back(std::make_unique<Service>(this, service));
  }
}

UnaryAdapter::~UnaryAdapter() = default;

std::vector<grpc::Service*> UnaryAdapter::services() const {
  std::vector<grpc::Service*> out;
  for (const auto& s : services_) out.push_back(s.get());
  return out;
}

absl::Status UnaryAdapter::Verify() const {
  std::vector<std::string> faults;
  size_t reads = 0;
  for (const auto* service : ApiServices()) {
    if (!Served(service)) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      const Permission* p = FindPermission(method->name());
      if (method->client_streaming() || method->server_streaming()) {
        faults.push_back(absl::StrCat(method->full_name(), " streams; the adapter serves unary"));
      } else if (p == nullptr) {
        faults.push_back(absl::StrCat(method->full_name(), " has no permission"));
      } else if (p->mutation) {
        if (CommandField(*p) == nullptr ||
            method->output_type() != v1::CommandResponse::descriptor()) {
          faults.push_back(absl::StrCat(
              method->full_name(), " is a mutation without the Command field ",
              CommandFieldName(method->name()), " of type ", method->input_type()->full_name(),
              " (or it does not return CommandResponse)"));
        }
      } else if (auto it = reads_.find(method->name()); it == reads_.end()) {
        faults.push_back(absl::StrCat(method->full_name(), " is a read without a function"));
      } else if (it->second.request != method->input_type() ||
                 it->second.response != method->output_type()) {
        faults.push_back(absl::StrCat(method->full_name(), "'s read has other types"));
      } else {
        ++reads;
      }
    }
  }
  if (reads != reads_.size()) faults.push_back("a read is registered for no served RPC");
  if (faults.empty()) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("the RPC adapter is incomplete: ", absl::StrJoin(faults, "; ")));
}

grpc::ServerUnaryReactor* UnaryAdapter::Call(grpc::CallbackServerContext* ctx,
                                             const Permission& permission,
                                             const grpc::ByteBuffer& in, grpc::ByteBuffer* out) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::Principal> who = api_->Admit(*ctx, permission.method);
  if (who.ok() && permission.mutation) {
    Mutate(reactor, ctx, permission, *std::move(who), in, out, start);
    return reactor;
  }
  absl::Status status = who.status();
  if (status.ok()) {
    const UnaryRead& entry = reads_.at(permission.method);
    std::unique_ptr<Message> request(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(entry.request)->New());
    status = ParseRequest(in, request.get());
    if (status.ok()) {
      absl::StatusOr<std::unique_ptr<Message>> response = entry.read(*request, *who);
      status = response.status();
      if (response.ok()) {
        api_->ViewFor(*who).Show(response->get());
        Serialize(**response, out);
      }
    }
  }
  api_->Record(permission.method, status, start, who.ok() ? who->name() : "", permission.mutation);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

void UnaryAdapter::Mutate(grpc::ServerUnaryReactor* reactor, grpc::CallbackServerContext* ctx,
                          const Permission& permission, v1::Principal who,
                          const grpc::ByteBuffer& in, grpc::ByteBuffer* out, absl::Time start) {
  internal::Command command;
  std::string actor = who.name();
  PersonalView view = api_->ViewFor(who);
  *command.mutable_actor() = std::move(who);
  // Verify() made sure the field exists for every mutation.
  Message* request = command.GetReflection()->MutableMessage(&command, CommandField(permission));
  if (absl::Status parsed = ParseRequest(in, request); !parsed.ok()) {
    api_->Record(permission.method, parsed, start, actor, true);
    reactor->Finish(ToGrpcStatus(parsed));
    return;
  }
  api_->processor()->Submit(
      std::move(command),
      [this, reactor, out, method = permission.method, start, actor = std::move(actor),
       view = std::move(view)](absl::StatusOr<v1::CommandResponse> r) {
        if (r.ok()) {
          view.Show(&*r);
          Serialize(*r, out);
        }
        api_->Record(method, r.status(), start, actor, true);
        reactor->Finish(ToGrpcStatus(r.status()));
      },
      api_->CallDeadline(*ctx, start));
}

}  // namespace budget
